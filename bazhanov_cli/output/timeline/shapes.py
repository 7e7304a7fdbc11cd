"""The drawn timeline's palette, measures and shapes: what the SVG picture and the page
share, as SVG and XML text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from ...model.dates import shown
from ...model.items import CATEGORY_LETTERS, Category, Event

# The colour of each category. The colours are Okabe and Ito's set, safe for every common
# colour-vision deficiency; its eight run out before the ten categories do, so the two
# quietest are greys. The letter (items.CATEGORY_LETTERS) carries the category where
# colour cannot.
_CATEGORY_COLOURS: dict[Category, str] = {
    "life": "#009E73",  # bluish green
    "education": "#56B4E9",  # sky blue
    "party": "#D55E00",  # vermillion
    "secretariat": "#CC79A7",  # reddish purple
    "defection": "#E69F00",  # orange
    "assassination-attempt": "#000000",  # black
    "war": "#F0E442",  # yellow: every mark has a dark outline to show it on white
    "publication": "#0072B2",  # blue
    "historiography": "#777777",  # mid grey
    "context": "#BBBBBB",  # light grey: the world around the life
}
CATEGORY_KEYS: dict[Category, tuple[str, str]] = {
    category: (letter, _CATEGORY_COLOURS[category]) for category, letter in CATEGORY_LETTERS.items()
}
"""Letter and colour of each category, in the order legends list them."""

FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif'
INK = "#1a1a1a"
MUTED = "#595959"  # 7:1 on white, for dates and attributions
GRID = "#d9d9d9"
YEAR_DASH = "\u2013"


def date_text(event: Event) -> str:
    """An event's date in a picture: as written, or a span's two dates (``1923-08``, en
    dash, ``1925``); an approximate date as ``c. 1939-11``."""
    end = event["end"]
    start = shown(event["date"])
    return start if end is None else f"{start}{YEAR_DASH}{shown(end)}"


FONT_SIZE = 13
HEADING_SIZE = 16
ROW_HEIGHT = 22
MARK_RADIUS = 5
MARK_SIZE = 2 * MARK_RADIUS
BAR_HEIGHT = 10
BRACKET_DROP = 8  # the bracket runs this far below a mark's centre
BRACKET_MIN_WIDTH = 3  # narrower, the mark itself shows the uncertainty
ARROW_LENGTH = 6
LABEL_GAP = 6
MARGIN = 24
_DECADE = 10
TICK_GAP = 60  # the fewest pixels between ticks: a year label is about 34 wide
PLOT_WIDTH = 1100  # the year axis's target length, in pixels
MIN_PX_PER_YEAR = TICK_GAP // _DECADE  # so ticks are a decade apart at the most

HEADING_ROOM = 36  # above the axis, for a standalone picture's heading
AXIS_TOP = 28  # the axis line, below its year labels
_LEGEND_ROW = 22
SWATCH_WIDTH = 28
SWATCH_HEIGHT = 16

# Generous average advances, in ems, of a system sans-serif (DejaVu Sans is wide).
_EMS_WIDE = 1.0
_EMS_CAPITAL = 0.78
_EMS_OTHER = 0.62

NO_EVENTS = "No events in this range"
ATTRIBUTED_NOTE = (
    "Attributed: the source does not state it as fact; who says so follows the title "
    "and is in each mark's tooltip"
)

# Code points XML 1.0 forbids even as references: C0 controls but tab and newlines,
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class LegendEntry:
    """A swatch (SVG markup in a SWATCH_WIDTH by SWATCH_HEIGHT box), a letter, and words."""

    swatch: str
    letter: str  # a category's; empty for a shape
    words: str

    @property
    def text(self) -> str:
        return f"{self.letter} {self.words}" if self.letter else self.words


# --- shapes ------------------------------------------------------------------------------


def diamond_shape(x: float, y: float, colour: str) -> str:
    reach = MARK_RADIUS + 1  # a diamond looks smaller than a circle of the same reach
    points = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
    return (
        f'<polygon class="diamond" points="{points_text(points)}" fill="{colour}" '
        f'stroke="{INK}" stroke-width="1.5"/>'
    )


def arrow_shape(tip: float, base: float, y: float) -> str:
    """A triangle pointing at ``tip``: the event goes on past the axis's end."""
    points = [(tip, y), (base, y - 4), (base, y + 4)]
    return f'<polygon class="continues" points="{points_text(points)}" fill="{INK}"/>'


def hatch_pattern(pattern_id: str, colour: str) -> str:
    """Diagonal stripes of ``colour`` on white: an attributed span's fill."""
    return (
        f'<pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{colour}"/></pattern>'
    )


def line_shape(x1: float, y1: float, x2: float, y2: float, colour: str, kind: str) -> str:
    return (
        f'<line class="{kind}" x1="{number_text(x1)}" y1="{number_text(y1)}" '
        f'x2="{number_text(x2)}" y2="{number_text(y2)}" stroke="{colour}"/>'
    )


def swatch_dot(colour: str) -> str:
    return (
        f'<circle cx="{SWATCH_WIDTH / 2}" cy="{SWATCH_HEIGHT / 2}" r="{MARK_RADIUS}" '
        f'fill="{colour}" stroke="{INK}"/>'
    )


def swatch_diamond() -> str:
    return diamond_shape(SWATCH_WIDTH / 2, SWATCH_HEIGHT / 2, "#ffffff")


def swatch_bar(*, hatched: bool) -> str:
    pattern_id = "timeline-legend-hatch"
    defs = f"<defs>{hatch_pattern(pattern_id, MUTED)}</defs>" if hatched else ""
    fill = f"url(#{pattern_id})" if hatched else MUTED
    dashes = ' stroke-dasharray="3 2"' if hatched else ""
    return (
        f'{defs}<rect x="2" y="{(SWATCH_HEIGHT - BAR_HEIGHT) / 2}" width="{SWATCH_WIDTH - 4}" '
        f'height="{BAR_HEIGHT}" fill="{fill}" stroke="{INK}"{dashes}/>'
    )


def swatch_bracket() -> str:
    y = SWATCH_HEIGHT / 2
    low, high = y + BRACKET_DROP - 1, y + BRACKET_DROP - 4
    points = [(4, high), (4, low), (SWATCH_WIDTH - 4, low), (SWATCH_WIDTH - 4, high)]
    return (
        f'<polyline points="{points_text(points)}" fill="none" stroke="{INK}" stroke-width="1.5"/>'
        f'<circle cx="{SWATCH_WIDTH / 2}" cy="{y - 1}" r="{MARK_RADIUS - 1}" fill="#ffffff" '
        f'stroke="{INK}"/>'
    )


def swatch_arrow() -> str:
    y = SWATCH_HEIGHT / 2
    return (
        f'<rect x="2" y="{y - BAR_HEIGHT / 2}" width="{SWATCH_WIDTH - 12}" '
        f'height="{BAR_HEIGHT}" fill="{MUTED}" stroke="{INK}"/>'
        + arrow_shape(SWATCH_WIDTH - 2, SWATCH_WIDTH - 2 - ARROW_LENGTH, y)
    )


def svg_legend(entries: Iterable[LegendEntry], top: float, width: float) -> tuple[str, int]:
    """The legend as rows of swatches and words within ``width``; and the height it takes."""
    parts = ['<g class="legend">']
    x, y = float(MARGIN), top
    for entry in entries:
        entry_width = SWATCH_WIDTH + 6 + text_width(entry.text, FONT_SIZE)
        if x > MARGIN and x + entry_width > width - MARGIN:
            x, y = float(MARGIN), y + _LEGEND_ROW
        letter = f'<tspan font-weight="bold">{entry.letter}</tspan> ' if entry.letter else ""
        parts.append(
            f'<g transform="translate({number_text(x)},{number_text(y)})">{entry.swatch}'
            f'<text x="{SWATCH_WIDTH + 6}" y="{SWATCH_HEIGHT / 2 + FONT_SIZE * 0.35}">'
            f"{letter}{xml_text(entry.words)}</text></g>"
        )
        x += entry_width + 20
    y += _LEGEND_ROW
    parts.append(
        f'<text x="{MARGIN}" y="{number_text(y + SWATCH_HEIGHT / 2 + FONT_SIZE * 0.35)}" '
        f'fill="{MUTED}">{xml_text(ATTRIBUTED_NOTE)}.</text>'
    )
    parts.append("</g>")
    return "\n".join(parts), int(y - top) + _LEGEND_ROW + 16


# --- text --------------------------------------------------------------------------------


def xml_text(text: str) -> str:
    """``text`` escaped for XML and HTML alike, with code points XML cannot hold replaced."""
    return escape(_NOT_XML.sub("\ufffd", text), quote=True)


def number_text(value: float) -> str:
    """A coordinate, short: 12, 12.5, 12.33."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def points_text(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{number_text(x)},{number_text(y)}" for x, y in points)


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of the width ``text`` takes in a system sans-serif."""
    ems = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            ems += _EMS_WIDE
        elif char.isupper() or char.isdigit():
            ems += _EMS_CAPITAL
        else:
            ems += _EMS_OTHER
    return ems * font_size
