"""The closed sets of values the command line offers beyond the data's own.

Each is a ``Literal``, declared once: Typer checks a value against it, lists it
in the error and the help, and completes it; the code that acts on the value is
typed by it. The data's own sets (``Category``, ``Kind``, ``SchemaName``) live
with its shape in ``model``. This module imports nothing, so every command can
name these without loading the modules that act on them.
"""

from typing import Literal

Color = Literal["auto", "always", "never"]
"""When to colour: ``auto`` as the terminal and NO_COLOR or FORCE_COLOR say."""

Format = Literal["table", "json", "jsonl", "csv", "markdown"]
"""The output formats of every listing, ``facts`` and ``show``."""

CiteFormat = Literal["text", "bibtex", "ris", "csl-json"]
"""The output formats of ``cite``; ``text`` is a formatted reference in a ``Style``."""

ValidateFormat = Literal["text", "json"]
"""What ``validate`` prints: ``FILE: path: message`` lines, or a JSON list of them."""

Style = Literal["chicago", "apa", "mla", "harvard"]
"""The citation styles of ``cite --format text``; Chicago, the historians' one, first."""

Shell = Literal["bash", "zsh", "fish"]
"""The shells ``bazhanov`` installs and prints completion for (PowerShell's installer
changes the user's execution policy: not something to do on a user's behalf)."""

ExportFormat = Literal["sqlite", "geojson", "lpf"]
"""What ``bazhanov export`` writes: a SQLite database, the places as GeoJSON, or the places in
the Linked Places Format."""
