"""The life on one year axis: as text for a terminal, and drawn as SVG and a web page."""
