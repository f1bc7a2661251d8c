"""The output formats, apart from their writers (render.output) so that the command line can
declare its options without loading them."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """The output formats; a command offers all of them or a leading few (`choices`)."""

    table = "table"
    json = "json"
    csv = "csv"
    md = "md"

    @classmethod
    def choices(cls, *names: str) -> type[Enum]:
        """The same formats, limited to `names` (for commands that report a change)."""
        return Enum(cls.__name__, {name: name for name in names}, type=str)
