"""The map as a web page: the SVG picture scaled to the screen, its legend as HTML, and a
table of the places in the order he reached them, in one standalone file that fetches nothing."""

from __future__ import annotations

from collections.abc import Sequence

from ...model.dates import shown
from ...model.items import Biography
from ...queries.travels import Stop
from ..page import standalone_page
from ..timeline.shapes import FONT_STACK, GRID, INK, MUTED, SWATCH_HEIGHT, SWATCH_WIDTH, xml_text
from ..views import coordinates
from .svg import NARROW, NOTES, ROUTE_COLOUR, WIDE, MapPicture, event_line


def html_document(bio: Biography, stops: Sequence[Stop], years: tuple[int, int] | None) -> str:
    """One self-contained HTML page: the map, its legend and the places as a table."""
    pictures = [
        MapPicture(bio, stops, years, standalone=False, size=size) for size in (WIDE, NARROW)
    ]
    heading = xml_text(pictures[0].heading)
    figures = "\n".join(
        f'<figure class="{kind}">\n<div class="chart">\n{picture.svg()}\n</div>\n'
        f"{_html_legend(picture)}\n</figure>"
        for kind, picture in zip(("wide", "narrow"), pictures, strict=True)
    )
    body = f"""\
<p class="about">{xml_text(bio["facts"]["description"])}</p>
{figures}
<h2>Places, in the order he reached them</h2>
{_html_table(stops)}
"""
    return standalone_page(heading, _PAGE_STYLE, body)


_NARROW_BELOW = 720  # px: narrower, the wide map's 13 px words would be drawn below 9 px
_PAGE_STYLE = f"""\
:root {{ color-scheme: light; }}
body {{ margin: 0; font-family: {FONT_STACK}; color: {INK}; background: #fff;
  line-height: 1.45; }}
main {{ padding: 16px; max-width: 1040px; }}
h1 {{ font-size: 1.6rem; line-height: 1.2; margin: 0 0 8px; overflow-wrap: anywhere; }}
h2 {{ font-size: 1.25rem; margin: 24px 0 8px; }}
.about {{ margin: 0 0 8px; max-width: 72ch; }}
figure {{ margin: 16px 0 0; }}
.chart {{ border: 1px solid {GRID}; border-radius: 4px; }}
/* The map scales to the page, its viewBox keeping the shape and the labels' places. A phone
   gets the narrow map, drawn for its width: the same places, its words still 10 px. */
.chart svg {{ display: block; width: 100%; height: auto; }}
figure.narrow {{ display: none; }}
.legend {{ list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 4px 20px; }}
.legend li {{ display: flex; align-items: center; gap: 6px; }}
.legend svg {{ flex: none; }}
.note {{ color: {MUTED}; }}
.route {{ color: {ROUTE_COLOUR}; font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.95em; }}
th, td {{ text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid {GRID}; }}
td.events {{ overflow-wrap: anywhere; }}
.day, .where {{ white-space: nowrap; }}
thead th {{ border-bottom: 2px solid {INK}; }}
.name {{ font-weight: 600; }}
.summary {{ display: block; color: {MUTED}; font-size: 0.9em; }}
.events ul {{ margin: 0; padding-left: 1.1em; }}
@media (max-width: {_NARROW_BELOW}px) {{
  figure.wide {{ display: none; }}
  figure.narrow {{ display: block; }}
}}
@media (max-width: 600px) {{
  main {{ padding: 12px; }}
  h1 {{ font-size: 1.3rem; }}
  table, tbody, tr, td {{ display: block; }}
  thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); }}
  tr {{ padding: 8px 0; border-bottom: 1px solid {GRID}; }}
  td {{ padding: 0; border: 0; }}
  td.number {{ float: left; margin-right: 8px; font-weight: 600; }}
  td.first, td.where {{ display: inline; margin-right: 12px; }}
  td.place {{ margin: 2px 0; }}
}}
@media print {{
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  main {{ padding: 0; max-width: none; }}
  figure.wide {{ display: block; }}
  figure.narrow {{ display: none; }}
  .chart {{ border: 0; }}
  figure, tr {{ break-inside: avoid; }}
}}"""


def _html_legend(picture: MapPicture) -> str:
    items = [
        f'<li><svg width="{SWATCH_WIDTH}" height="{SWATCH_HEIGHT}" '
        f'viewBox="0 0 {SWATCH_WIDTH} {SWATCH_HEIGHT}" aria-hidden="true" focusable="false">'
        f"{entry.swatch}</svg><span>{xml_text(entry.words)}</span></li>"
        for entry in picture.legend_entries()
    ]
    items.append(f'<li class="note">{xml_text(" ".join(NOTES))}</li>')
    return '<figcaption>\n<ul class="legend">\n' + "\n".join(items) + "\n</ul>\n</figcaption>"


def _html_table(stops: Sequence[Stop]) -> str:
    if not stops:
        return "<p>No places in this range.</p>"
    rows = []
    for number, stop in enumerate(stops, 1):
        location = stop.location
        where = "no coordinates" if location is None else coordinates(location)
        today = (
            ""
            if location is None
            else f'<span class="note"> ({xml_text(location["feature"])}; today '
            + xml_text(location["name"])
            + (f", {xml_text(location['country'])}" if location["country"] else "")
            + ")</span>"
            + (
                f'<span class="summary">{xml_text(location["note"])}</span>'
                if location["note"] is not None
                else ""
            )
        )
        route = (
            f' <span class="route" title="stop {stop.route} of the route">route {stop.route}</span>'
            if stop.route is not None
            else ""
        )
        events = "".join(f"<li>{xml_text(event_line(event))}</li>" for event in stop.events)
        rows.append(
            "<tr>"
            f'<td class="number">{number}</td>'
            f'<td class="place"><span class="name">{xml_text(stop.place["name"])}</span>'
            f"{route}{today}</td>"
            f'<td class="first"><span class="day">{xml_text(shown(stop.first["date"]))}</span></td>'
            f'<td class="where">{xml_text(where)}</td>'
            f'<td class="events"><ul>{events}</ul></td></tr>'
        )
    headers = "".join(
        f'<th scope="col">{name}</th>' for name in ("#", "Place", "First", "Where", "Events")
    )
    return (
        f"<table>\n<thead><tr>{headers}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )
