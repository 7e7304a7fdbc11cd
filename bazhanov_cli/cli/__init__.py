"""The command line: the Typer ``app`` (``app.py``), its commands (``listings``, ``documents``,
``database``), their shared options (``options``) and the run's context object (``session``)."""

from .app import app

__all__ = ["app"]
