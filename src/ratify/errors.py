"""Typed errors: each carries an exit code and one line for the user."""

from __future__ import annotations


class RatifyError(Exception):
    """A data or domain error shown as one line on stderr (exit code 1)."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        elif self.line:
            where = f"line {self.line}: "
        text = where + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class DataFileError(RatifyError):
    """The data file cannot be read or does not follow the schema."""


class UnknownParticipant(RatifyError):
    """A name that resolves to no participant."""


class RefusedChange(RatifyError):
    """A record, remove or import that would make the data wrong."""


class ImportFormatError(RatifyError):
    """A UN Treaty Collection page or table that cannot be parsed."""


class DateOutOfRange(RatifyError):
    """Date arithmetic that would pass 9999-12-31, the last date Python's calendar holds."""


class ProjectionError(RatifyError):
    """The treaty cannot be projected (no opening date, a condition not evaluable, a bad pin)."""


class UsageProblem(RatifyError):
    """Options that contradict each other, found by the library (exit code 2, like Typer's own
    usage errors): e.g. `record --earliest` after DATE."""

    exit_code = 2
