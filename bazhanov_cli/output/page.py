"""The frame of every standalone web page we write (the timeline's, the map's): one
document, its own style inline, nothing fetched from anywhere."""

from __future__ import annotations


def standalone_page(heading: str, style: str, body: str) -> str:
    """A whole HTML document titled ``heading`` (already escaped), with ``style`` inline and
    ``body`` (HTML, ending in a line end) in its ``main`` under the heading."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
<style>
{style}
</style>
</head>
<body>
<main>
<h1>{heading}</h1>
{body}</main>
</body>
</html>
"""
