"""The timeline page as a browser lays it out: headless Chromium, at a desktop and a phone size.

A copy of the page gets a small script (the page itself has none) that measures the layout after
load. Headless Chromium keeps its window 500 pixels wide at least, so the page is measured in an
iframe of the exact size, which posts what it measured to the frame around it; that one writes it,
as JSON, into the DOM that ``--dump-dom`` prints.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bazhanov_cli.model.items import Biography
from bazhanov_cli.output.timeline.page import html_document
from bazhanov_cli.queries.lookup import chronological

CHROMIUM = shutil.which("chromium")
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SIZES = [(1280, 800), (390, 844)]

# Boxes as [left, top, right, bottom]; two boxes overlap when they share more than an edge.
MEASURE = """
<script>
window.addEventListener("load", () => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const overlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const marks = [...document.querySelectorAll("svg.timeline g.event")].map((group) => ({
    shapes: [...group.children]
      .filter((child) => !["title", "text"].includes(child.tagName))
      .map(box),
    label: box(group.querySelector("text")),
    text: group.querySelector("text").textContent,
  }));
  const collisions = [];
  // A label clears every mark, its own too, and every other label.
  marks.forEach((mark, i) => {
    marks.forEach((other, j) => {
      if (other.shapes.some((shape) => overlap(shape, mark.label))) {
        collisions.push([mark.text, other.text]);
      }
      if (i < j && overlap(mark.label, other.label)) {
        collisions.push([mark.text, other.text]);
      }
    });
  });
  const measured = {
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    bodyText: document.body.innerText,
    resources: performance.getEntriesByType("resource").map((entry) => entry.name),
    svg: box(document.querySelector("svg.timeline")),
    marks,
    collisions,
  };
  parent.postMessage(JSON.stringify(measured), "*");
});
</script>
"""

FRAME = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>frame</title></head>
<body style="margin:0">
<iframe src="timeline.html" width="{width}" height="{height}" style="border:0;display:block">
</iframe>
<pre id="measure"></pre>
<script>
window.addEventListener("message", (event) => {{
  document.getElementById("measure").textContent = event.data;
}});
</script>
</body></html>
"""


def measure(
    page: str, size: tuple[int, int], folder: Path, script: str = MEASURE
) -> dict[str, Any]:
    """Load ``page`` in headless Chromium at ``size`` and return what ``script`` measured
    (what it posts to the frame around the page: test_map_browser.py measures the map)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: apt-get install chromium to draw the page")
    width, height = size
    (folder / "timeline.html").write_text(
        page.replace("</body>", script + "</body>"), encoding="utf-8"
    )
    frame = folder / "frame.html"
    frame.write_text(FRAME.format(width=width, height=height), encoding="utf-8")
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            # No calls home: on a machine without the internet each one waits to fail.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--hide-scrollbars",
            f"--user-data-dir={folder / 'profile'}",
            f"--window-size={width + 40},{height + 40}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            frame.as_uri(),
        ],
        capture_output=True,
        text=True,
        # Seconds on a quiet machine; a busy CI machine (two cores) can take many more.
        timeout=120,
        check=False,
        # Chromium keeps a Unix socket in TMPDIR, whose path may be at most 107 bytes.
        env={**os.environ, "TMPDIR": "/tmp"} if os.path.isdir("/tmp") else None,
    )
    found = re.search(r'<pre id="measure">(.+?)</pre>', result.stdout, re.DOTALL)
    assert found, f"no measurements; chromium said:\n{result.stderr[-2000:]}"
    measured: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return measured


@pytest.fixture(scope="module")
def page(bio: Biography) -> str:
    return html_document(bio, chronological(bio["events"]))


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def measured(
    request: pytest.FixtureRequest, page: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    size: tuple[int, int] = request.param
    found = measure(page, size, tmp_path_factory.mktemp("chromium"))
    # Else the checks would measure some other layout.
    assert found["innerWidth"] == size[0]
    return found


def test_the_page_never_scrolls_sideways(measured: dict[str, Any]) -> None:
    assert measured["scrollWidth"] <= measured["innerWidth"]


def test_every_title_is_on_the_page_in_full(bio: Biography, measured: dict[str, Any]) -> None:
    text = measured["bodyText"]
    for event in bio["events"]:
        assert event["title"] in text
        if event["attribution"] is not None:
            assert event["attribution"] in text
    labels = {mark["text"] for mark in measured["marks"]}
    assert len(labels) == len(bio["events"])
    for event in bio["events"]:
        assert sum(event["title"] in label for label in labels) >= 1


def test_no_label_crosses_a_mark_or_another_label(measured: dict[str, Any]) -> None:
    assert measured["marks"], "no marks were measured"
    assert measured["collisions"] == []


def test_every_label_is_inside_the_picture(measured: dict[str, Any]) -> None:
    left, top, right, bottom = measured["svg"]
    for mark in measured["marks"]:
        label_left, label_top, label_right, label_bottom = mark["label"]
        assert left <= label_left, mark["text"]
        assert label_right <= right, mark["text"]
        assert top <= label_top, mark["text"]
        assert label_bottom <= bottom, mark["text"]


def test_nothing_is_fetched(page: str, measured: dict[str, Any]) -> None:
    assert measured["resources"] == []
    urls = set(re.findall(r"https?://[^\s\"'<>)]*", page))
    assert urls <= {SVG_NAMESPACE}
