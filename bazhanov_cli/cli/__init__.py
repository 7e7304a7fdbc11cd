"""The command line: the Typer app, its commands, and how a run goes (``application``).

Importing a command module registers its commands on ``app`` (``@app.command()``);
``--help`` lists them in that order: the listings first, then the documents, then the database.
"""

from . import listings  # noqa: F401  (registers its commands)

# isort: split
from . import documents  # noqa: F401  (registers its commands, after the listings)

# isort: split
from . import database  # noqa: F401  (registers sql and export, last)
from .app import app

__all__ = ["app"]
