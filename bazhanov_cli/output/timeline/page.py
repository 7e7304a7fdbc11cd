"""The timeline as a web page: the SVG picture, its legend as HTML, and a table of the events,
in one standalone file that fetches nothing."""

from __future__ import annotations

from collections.abc import Sequence

from ...model.dates import shown
from ...model.items import Biography, Event
from ..page import standalone_page
from .shapes import (
    ATTRIBUTED_NOTE,
    CATEGORY_KEYS,
    FONT_STACK,
    GRID,
    INK,
    MUTED,
    NO_EVENTS,
    SWATCH_HEIGHT,
    SWATCH_WIDTH,
    YEAR_DASH,
    xml_text,
)
from .svg import TimelinePicture


def html_document(
    bio: Biography,
    events: Sequence[Event],
    *,
    first_year: int | None = None,
    last_year: int | None = None,
) -> str:
    """One self-contained HTML page: the picture, its legend and the events as a table."""
    picture = TimelinePicture(bio, events, first_year, last_year, standalone=False)
    facts = bio["facts"]
    heading = xml_text(picture.heading)
    body = f"""\
<p class="about">{xml_text(facts["description"])}</p>
<p class="about">{xml_text(_life_line(bio))}</p>
<figure>
<p class="hint">The chart scrolls sideways; the table below lists the same events.</p>
<div class="chart" role="region" aria-label="The timeline; it scrolls sideways" tabindex="0">
{picture.svg()}
</div>
{_html_legend(picture)}
</figure>
<h2>Events</h2>
{_html_table(picture.events)}
"""
    return standalone_page(heading, _PAGE_STYLE, body)


_PAGE_STYLE = f"""\
:root {{ color-scheme: light; }}
body {{ margin: 0; font-family: {FONT_STACK}; color: {INK}; background: #fff;
  line-height: 1.45; }}
main {{ padding: 16px; }}
h1 {{ font-size: 1.6rem; line-height: 1.2; margin: 0 0 8px; overflow-wrap: anywhere; }}
h2 {{ font-size: 1.25rem; margin: 24px 0 8px; }}
.about {{ margin: 0 0 8px; max-width: 72ch; }}
figure {{ margin: 16px 0 0; }}
.chart {{ overflow-x: auto; border: 1px solid {GRID}; border-radius: 4px; }}
.chart svg {{ display: block; }}
.legend {{ list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 4px 20px; }}
.legend li {{ display: flex; align-items: center; gap: 6px; }}
.legend svg {{ flex: none; }}
.note, .hint {{ color: {MUTED}; }}
.hint {{ display: none; margin: 0 0 4px; font-size: 0.9em; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.95em; }}
th, td {{ text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid {GRID}; }}
td.event {{ overflow-wrap: anywhere; }}
.day {{ white-space: nowrap; }}
thead th {{ border-bottom: 2px solid {INK}; }}
.letter {{ font-weight: bold; }}
.key {{ display: inline-block; width: 0.75em; height: 0.75em; border-radius: 50%;
  border: 1px solid {INK}; margin-right: 4px; }}
.title {{ font-weight: 600; }}
.summary {{ display: block; color: {MUTED}; font-size: 0.9em; }}
@media (max-width: 600px) {{
  main {{ padding: 12px; }}
  h1 {{ font-size: 1.3rem; }}
  /* Each row a card, the titles full width; the ARIA roles keep it a table to a reader. */
  table, tbody, tr, td {{ display: block; }}
  thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); }}
  tr {{ padding: 8px 0; border-bottom: 1px solid {GRID}; }}
  td {{ padding: 0; border: 0; }}
  td.date, td.category {{ display: inline; margin-right: 12px; }}
  td.event {{ margin: 2px 0; }}
  .hint {{ display: block; }}
}}
@media print {{
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  main {{ padding: 0; }}
  .chart {{ overflow: visible; border: 0; }}
  .chart svg {{ width: 100%; height: auto; }}
  tr {{ break-inside: avoid; }}
}}"""


# --- the page ----------------------------------------------------------------------------


def _html_legend(picture: TimelinePicture) -> str:
    """The legend as a figure's caption; none for an empty picture, which has nothing to key."""
    if not picture.marks:
        return ""
    items = [
        f'<li><svg width="{SWATCH_WIDTH}" height="{SWATCH_HEIGHT}" '
        f'viewBox="0 0 {SWATCH_WIDTH} {SWATCH_HEIGHT}" aria-hidden="true" focusable="false">'
        f"{entry.swatch}</svg><span>"
        + (f'<b class="letter">{entry.letter}</b> ' if entry.letter else "")
        + f"{xml_text(entry.words)}</span></li>"
        for entry in picture.legend_entries()
    ]
    items.append(f'<li class="note">{xml_text(ATTRIBUTED_NOTE)}, and in the table.</li>')
    return '<figcaption>\n<ul class="legend">\n' + "\n".join(items) + "\n</ul>\n</figcaption>"


def _html_table(events: Sequence[Event]) -> str:
    if not events:
        return f"<p>{NO_EVENTS}.</p>"
    rows = []
    for event in events:
        letter, colour = CATEGORY_KEYS[event["category"]]
        attribution = event["attribution"]
        said = (
            '<span class="note">stated as fact</span>'
            if attribution is None
            else xml_text(attribution)
        )
        # A date does not break at its hyphens; a span may break after its dash.
        date = f"{YEAR_DASH}<wbr>".join(
            f'<span class="day">{xml_text(shown(part))}</span>'
            for part in (event["date"], event["end"])
            if part is not None
        )
        rows.append(
            f'<tr role="row"{" class=attributed" if attribution is not None else ""}>'
            f'<td role="cell" class="date">{date}</td>'
            f'<td role="cell" class="category"><span class="key" style="background:{colour}">'
            f'</span><b class="letter">{letter}</b> {xml_text(event["category"])}</td>'
            f'<td role="cell" class="event"><span class="title">{xml_text(event["title"])}</span>'
            f'<span class="summary">{xml_text(event["summary"])}</span></td>'
            f'<td role="cell">{said}</td></tr>'
        )
    headers = "".join(
        f'<th role="columnheader" scope="col">{name}</th>'
        for name in ("Date", "Category", "Event", "Who says so")
    )
    return (
        f'<table role="table">\n<thead role="rowgroup"><tr role="row">{headers}</tr></thead>\n'
        '<tbody role="rowgroup">\n' + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def _life_line(bio: Biography) -> str:
    facts = bio["facts"]
    said: list[str] = []
    for verb, moment in (("born", facts["born"]), ("died", facts["died"])):
        if moment["date"] is None and moment["place"] is None:
            continue
        words = verb
        if moment["date"] is not None:
            words += f" {shown(moment['date'])}"
        if moment["place"] is not None:
            words += f" in {moment['place']}"
        said.append(words)
    line = "; ".join(said)
    return f"{line[:1].upper()}{line[1:]}." if line else ""
