"""Untrusted text made safe for the terminal, and the console every table is drawn on.

Every string from a data file or a page is text, never markup, and never reaches the terminal
as a control sequence. `clean` is the one escaping point: the console applies it to every
string it renders, the writers (render.output) to every cell, the CLI to every line it echoes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported where a table is drawn, so JSON/CSV output skips it
    from rich.console import Console

VISIBLE = {c: 0x2400 + c for c in range(0x20)}  # C0 -> control pictures: ESC shows as '␛'
VISIBLE[0x7F] = 0x2421  # DEL -> '␡'
VISIBLE.update({c: 0xFFFD for c in range(0x80, 0xA0)})  # C1 (CSI 0x9b, OSC 0x9d, ...)
VISIBLE.update({c: 0xFFFD for c in (0x200E, 0x200F, *range(0x202A, 0x202F),
                                     *range(0x2066, 0x206A))})  # bidirectional overrides
_VISIBLE_KEEP_NEWLINE = {**VISIBLE, 0x0A: None}
del _VISIBLE_KEEP_NEWLINE[0x0A]


def clean(text, newlines: bool = False) -> str:
    """`text` with every control character made visible (newlines kept if `newlines`)."""
    return str(text).translate(_VISIBLE_KEEP_NEWLINE if newlines else VISIBLE)


def console(stdout: bool = True):
    """A rich console that treats every string as plain text and cleans it before layout.

    Markup, emoji codes and highlighting are off; piped output is not wrapped, so file:line
    findings stay on one line. NO_COLOR and non-terminal output are rich's own rules.
    """
    import sys

    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text, **kwargs):
            kwargs.update(markup=False, emoji=False, highlight=False)
            return super().render_str(clean(text, newlines=True), **kwargs)

    stream = sys.stdout if stdout else sys.stderr
    return SafeConsole(file=stream, markup=False, emoji=False, highlight=False,
                       soft_wrap=not stream.isatty())


def styled(value, style: str = ""):
    """A rich Text of untrusted `value`: cleaned, never parsed as markup."""
    from rich.text import Text
    return Text(clean(value, newlines=True), style=style)


def show(renderable, console: Console, wrap: bool = False) -> None:
    """Print one renderable; off a terminal, without the padding rich adds to the right.
    `wrap` lays text out to the console's width even when piped (where lines are not cut)."""
    soft_wrap = None if wrap is False else False
    if console.is_terminal:
        console.print(renderable, soft_wrap=soft_wrap)
        return
    with console.capture() as captured:
        console.print(renderable, soft_wrap=soft_wrap)
    console.file.write("\n".join(line.rstrip() for line in captured.get().split("\n")))


def plural(n: int, noun: str) -> str:
    """'1 year', '10,000 runs'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


# -- plain writers -------------------------------------------------------------------------
