"""Typed errors: each carries an exit code and one line for the user."""

from __future__ import annotations

from collections.abc import Mapping


class Remedy:
    """What the user can do about an error, named without the command line's words: the CLI
    says each with its own options (cli.remedies); a library caller gets WORDS."""

    other_file = "other_file"              # read another data file, or a bundled treaty
    file_path = "file_path"                # give the path of an existing data file
    matching_file = "matching_file"        # give the data file of the page's treaty
    copy_packaged = "copy_packaged"        # copy the read-only packaged file and write to that
    set_today = "set_today"                # the machine's date is not today (detail: its date)
    wait_or_set_today = "wait_or_set_today"  # record a future action once it has happened
    check_status_date = "check_status_date"  # a page dated after today
    allow_earlier = "allow_earlier"        # move data_as_of back on purpose
    one_pin_each = "one_pin_each"          # one assumed deposit per participant
    import_saved_page = "import_saved_page"  # no download: save the page and import it


class Hint:
    """A remedy, and the detail its wording needs (e.g. the date taken for today)."""

    __slots__ = ("remedy", "detail")

    def __init__(self, remedy: str, detail: str = ""):  # remedy: a Remedy
        self.remedy, self.detail = remedy, detail


WORDS: Mapping[str, str] = {
    Remedy.other_file: "read another data file, or a bundled treaty",
    Remedy.file_path: "give the path of an existing data file",
    Remedy.matching_file: "use the data file of that treaty",
    Remedy.copy_packaged: "copy it and write to the copy; a dry run shows the change",
    Remedy.set_today: "if today is not {detail}, give the right date",
    Remedy.wait_or_set_today: "record it once it has happened, or give the right date",
    Remedy.check_status_date: "check the page's `STATUS AS AT` line, or the machine's date",
    Remedy.allow_earlier: "if data_as_of was set wrongly, allow an earlier date",
    Remedy.one_pin_each: "assume one deposit per participant",
    Remedy.import_saved_page: "save the status page from a browser and import the file",
}


class RatifyError(Exception):
    """A data or domain error shown as one line on stderr (exit code 1). `hint` says what to
    do: plain text, or a Hint the caller words (`render(words)`)."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str | Hint | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        super().__init__(self.render())

    def hint_text(self, words: Mapping[str, str] = WORDS) -> str | None:
        """The hint in `words` (the CLI's own, or WORDS)."""
        if isinstance(self.hint, Hint):
            return words[self.hint.remedy].format(detail=self.hint.detail)
        return self.hint

    def render(self, words: Mapping[str, str] = WORDS) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        elif self.line:
            where = f"line {self.line}: "
        text = where + self.message
        hint = self.hint_text(words)
        if hint:
            text += f" ({hint})"
        return text


class DataFileError(RatifyError):
    """The data file cannot be read or does not follow the schema."""


class UnknownParticipant(RatifyError):
    """A name that resolves to no participant."""


class RefusedChange(RatifyError):
    """A record, remove or import that would make the data wrong."""


class ImportFormatError(RatifyError):
    """A UN Treaty Collection page or table that cannot be parsed."""


class DownloadError(RatifyError):
    """The depositary's page could not be downloaded, or is not a page `sync` may trust."""


class DateOutOfRange(RatifyError):
    """Date arithmetic that would pass 9999-12-31, the last date Python's calendar holds."""


class ProjectionError(RatifyError):
    """The treaty cannot be projected (no opening date, a condition not evaluable, a bad pin)."""


class UsageProblem(RatifyError):
    """Options that contradict each other, found by the library (exit code 2, like Typer's own
    usage errors): e.g. `record --earliest` after DATE."""

    exit_code = 2
