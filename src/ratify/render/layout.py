"""Layout shared by the tables: a plain table, one that fits the console, bars and percents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .safe import styled

if TYPE_CHECKING:
    from rich.console import Console


def progress_bar(current: int, required: int, width: int = 30) -> str:
    """A bar readable without colour: '████████░░░░░░ 12/40'."""
    filled = min(width, round(width * current / required)) if required else width
    return "█" * filled + "░" * (width - filled) + f" {current}/{required}"


def percent(p: float) -> str:
    """'0 %', '<1 %', '37 %', '>99 %', '100 %': probabilities readable at a glance."""
    if p <= 0:
        return "0 %"
    if p >= 1:
        return "100 %"
    if p < 0.01:
        return "<1 %"
    if p > 0.99:
        return ">99 %"
    return f"{p * 100:.0f} %"


def simple_table(title: str | None = None):
    from rich import box
    from rich.table import Table
    return Table(title=title, title_justify="left", header_style="bold", show_lines=False,
                 pad_edge=False, expand=False, box=box.SIMPLE_HEAD)


def _drawn(table, console: Console) -> list[str] | None:
    """`table` drawn for `console` (lines without trailing spaces), or None if it is wider."""
    from rich.cells import cell_len
    from rich.text import Text
    with console.capture() as captured:
        console.print(table, soft_wrap=True)  # as drawn, without cropping
    lines = [line.rstrip() for line in captured.get().split("\n")]
    if all(cell_len(Text.from_ansi(line).plain) <= console.width for line in lines):
        return lines
    return None


def fitted_table(title: str, cells: list[dict], console: Console, *, wrapping=(),
                 spare=(), line=None) -> None:
    """Print `cells` (dicts of column -> text, in column order) as the widest table that fits
    the console: columns in `wrapping` wrap at spaces, the others never wrap, and no word is
    ever cut ("…"); the `spare` columns are left out, in that order, until it fits. If even
    that is too wide, each row is printed as `line(row)`, whole."""
    columns = list(cells[0])
    drawn = _fit(title, columns, cells, console, wrapping, spare)
    if drawn is not None:
        console.file.write("\n".join(drawn))
        return
    console.print(styled(title))
    for row in cells:
        console.print(styled(line(row) if line else "; ".join(v for v in row.values() if v)))


def _fit(title, columns, cells, console, wrapping, spare) -> list[str] | None:
    """The table drawn, with widths computed here (rich need not measure every row again for
    each layout it tries); None if it cannot fit."""
    from rich.cells import cell_len
    widest = {c: max(cell_len(t) for t in [c] + [row[c] for row in cells]) for c in columns}
    narrowest = {c: max(cell_len(w) for t in [c] + [row[c] for row in cells]
                        for w in t.split() or [""]) if c in wrapping else widest[c]
                 for c in columns}
    columns = list(columns)
    while True:
        # one space at either edge (the SIMPLE_HEAD box) and three between columns
        room = console.width - (3 * len(columns) - 1) - sum(narrowest[c] for c in columns)
        if room >= 0:
            widths = {c: narrowest[c] for c in columns}
            wants = {c: widest[c] - narrowest[c] for c in wrapping if c in columns}
            if sum(wants.values()) <= room:  # every wrapping column gets all it wants
                widths.update({c: widest[c] for c in wants})
            else:  # the room shared in proportion to what each wants; the rest in order
                total = sum(wants.values())
                for c, want in wants.items():
                    widths[c] += room * want // total
                left = room - sum(room * want // total for want in wants.values())
                for c in wants:
                    extra = min(left, widest[c] - widths[c])
                    widths[c] += extra
                    left -= extra
            table = simple_table(title)
            for c in columns:
                table.add_column(c, width=widths[c], no_wrap=c not in wrapping, overflow="fold")
            for row in cells:
                table.add_row(*(row[c] for c in columns))
            drawn = _drawn(table, console)
            if drawn is not None:
                return drawn
        left = [c for c in spare if c in columns]
        if not left:
            return None
        columns.remove(left[0])


def note_rows(view: dict) -> list[dict]:
    """A view's notes and warnings as key/value rows: CSV and Markdown keep what the table says."""
    return ([{"key": "note", "value": n["text"]} for n in view.get("notes", ())]
            + [{"key": "warning", "value": w} for w in view.get("warnings", ())])
