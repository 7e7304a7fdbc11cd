"""``bazhanov map``: the places on a map of today's country outlines, as SVG and as a page."""
