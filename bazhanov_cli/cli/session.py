"""The one context object of a run: what the command line set, the data, and the way out.

Click hands every command the same ``ctx.obj``; ours is a ``Session``, as hatch
passes one ``Application`` and httpie one ``Environment``. The program's own
options record themselves in it as they are parsed (``options``), so a command,
a completer or a callback reads the data path and the terminal settings from
here, never from another context's parameters or a module's global. The console
script makes the session and keeps it to the last instruction, so a big
biography is never freed object by object (``application.run``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ..output.terminal import Screen

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from rich.console import RenderableType

    from ..model.items import Biography
    from ..output.emit import AnyRecord, Made, Output
    from .options import ListingAsked


class Session:
    """``--data``, ``--color`` and ``--no-pager`` of this run, its biography, read once, and
    its output."""

    __slots__ = ("_biography", "_last_read", "data", "data_from_environment", "screen")

    def __init__(self) -> None:
        self.data: str | None = None
        self.data_from_environment = False  # --data came from BAZHANOV_DATA
        self.screen = Screen()
        self._biography: Biography | None = None
        self._last_read: Biography | None = None  # one at a time (validate reads many)

    def biography(self) -> Biography:
        """The ``--data`` file, validated, or the bundled biography; read at most once."""
        if self._biography is None:
            self._biography = self.read(self.data)
        return self._biography

    def read(self, path: str | None) -> Biography:
        """``loading.load_biography(path)``, kept until the next file is read."""
        from ..model.loading import load_biography

        bio = load_biography(path)
        if path is not None:  # the bundled file is small
            self._last_read = bio
        return bio

    def inputs(self) -> dict[str, str]:
        """The data file this run reads, named as the user gave it, for ``files.check_outputs``."""
        if self.data is None:
            from ..model.loading import bundled_data_path

            return {"the bundled data": str(bundled_data_path())}
        from ..model.loading import DATA_ENV

        return {DATA_ENV if self.data_from_environment else "--data": self.data}

    def list(
        self,
        asked: ListingAsked,
        records: Sequence[AnyRecord],
        table: Callable[[Sequence[AnyRecord]], RenderableType],
        empty: str,
    ) -> None:
        """A listing's records, already chosen as ``asked``, in its output; ``empty`` is what an
        empty table says, naming ``--attributed``/``--stated`` if one was given."""
        from ..output.emit import Records

        self.emit(Records(records, table, asked.nothing(empty)), asked.output)

    def emit(self, made: Made[AnyRecord], output: Output | None = None) -> None:
        """Write what a command made in the chosen ``output``: the one way out (``emit``)."""
        from ..output.emit import JSON_ONLY, emit

        emit(made, output or JSON_ONLY, self.screen)


def session_of(ctx: typer.Context) -> Session:
    """The run's session: the one in ``ctx.obj``, made there if this is the first to ask."""
    return ctx.ensure_object(Session)
