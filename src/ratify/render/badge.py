"""The badge: the treaty's standing in two words, as a two-part SVG in the familiar shields.io
style ("ratifications | 0/40", "in force | 2014-12-24") or as the JSON of the shields.io
endpoint schema (`schemaVersion`, `label`, `message`, `color`), for a README to show it live.

The SVG comes from the package's `templates/badge.svg` (`string.Template`: no logic in it, every
value escaped as XML text before it is substituted). Widths are estimated from the text (7 px a
character at 11 px Verdana, 10 px of padding a side), as no font is measured here.
"""

from __future__ import annotations

from importlib import resources
from string import Template
from xml.sax.saxutils import escape

from .safe import clean

#: shields.io's named colours, as the endpoint JSON names them and the SVG paints them
COLORS = {"brightgreen": "#4c1", "green": "#97ca00", "blue": "#007ec6", "lightgrey": "#9f9f9f"}
CHAR_WIDTH = 7
PADDING = 10


def badge_fields(status: dict) -> dict:
    """label, message and colour from the `status` view."""
    if status["in_force"]:
        return {"label": "in force", "message": status["entry_into_force"],
                "color": "brightgreen"}
    if status["entry_into_force"]:      # threshold met, entry into force ahead
        return {"label": "in force from", "message": status["entry_into_force"],
                "color": "green"}
    if status["required"] is None:      # no count condition: the count alone
        return {"label": "ratifications", "message": str(status["counted"]),
                "color": "lightgrey"}
    return {"label": "ratifications", "message": f"{status['counted']}/{status['required']}",
            "color": "blue"}


def endpoint(fields: dict) -> dict:
    """The shields.io endpoint JSON."""
    return {"schemaVersion": 1, "label": fields["label"], "message": fields["message"],
            "color": fields["color"]}


def svg(fields: dict) -> str:
    """The badge as SVG text."""
    label, message = (clean(fields[k]) for k in ("label", "message"))
    label_width = CHAR_WIDTH * len(label) + 2 * PADDING
    message_width = CHAR_WIDTH * len(message) + 2 * PADDING
    template = Template(resources.files(__package__).joinpath("templates/badge.svg")
                        .read_text(encoding="utf-8"))
    return template.substitute(
        label=escape(label, {'"': "&quot;"}), message=escape(message, {'"': "&quot;"}),
        color=COLORS[fields["color"]], width=label_width + message_width,
        label_width=label_width, message_width=message_width,
        label_x=label_width / 2, message_x=label_width + message_width / 2)
