"""The one context object of a run: what the program's options set, the data, and the way out.

Click hands every command the same ``ctx.obj``; ours is a ``Session``, made by the app's
callback from ``--data``, ``--color`` and ``--no-pager`` (``app.program_options``), as
hatch makes one ``Application`` and httpie one ``Environment``. A command, a completer
or a callback reads the data and the terminal settings from here, never from a module's
global.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ..choices import Color
from ..errors import UsageError
from ..output.progress import Progress
from ..output.terminal import Screen

if TYPE_CHECKING:
    from ..model.items import Biography
    from ..output.emit import AnyRecord, Output, Shape
    from ..queries.passages import Document


class Session:
    """``--data``, ``--color`` and ``--no-pager`` of this run, its biography, read once, and
    its output."""

    __slots__ = ("_biography", "_documents", "data", "data_from_environment", "progress", "screen")

    def __init__(
        self,
        data: str | None = None,
        *,
        data_from_environment: bool = False,
        color: Color = "auto",
        pager: bool = True,
    ) -> None:
        self.data = data
        self.data_from_environment = data_from_environment  # --data came from BAZHANOV_DATA
        self.screen = Screen(color, pager)
        self.progress = Progress(color)
        """Long work's progress on stderr; a command's ``--quiet`` turns it off."""
        self._biography: Biography | None = None
        self._documents: dict[str, Document] | None = None

    def biography(self) -> Biography:
        """The ``--data`` file, validated, or the bundled biography; read at most once."""
        if self._biography is None:
            self.refuse_stdout_into_inputs()
            self._biography = self.read(self.data)
        return self._biography

    def documents(self) -> dict[str, Document]:
        """The biography's sources whose text ships with the program, by id, split into
        sections and paragraphs; read at most once. A source of a ``--data`` file that is
        not a shipped document (same id, title and address) has none."""
        if self._documents is None:
            from ..model.loading import read_shipped_text
            from ..queries.passages import documents_of

            self._documents = documents_of(self.biography()["sources"], read_shipped_text)
        return self._documents

    def refuse_stdout_into_inputs(self) -> None:
        """A usage error, before any output, if stdout is the data file this run reads
        (``--data x.json events >> x.json``, ``1<> x.json``, a symlink or a hard link to it):
        the output would corrupt the very file it comes from."""
        from ..output.files import stdout_is_one_of

        inputs = self.inputs()
        written = stdout_is_one_of(inputs.values())
        if written is not None:
            role = next(role for role, path in inputs.items() if path == written)
            raise UsageError(
                f"stdout is {written!r}, the data file ({role}): writing it would destroy "
                "it: send the output elsewhere"
            )

    def read(self, path: str | None) -> Biography:
        """The biography file at ``path`` (the bundled one for None), validated."""
        from ..model.loading import load_biography

        if path is None:
            return load_biography(None)  # valid and small: no progress to show
        with self.progress.step(f"Reading {path}"):
            return load_biography(path)

    def inputs(self) -> dict[str, str]:
        """The data file this run reads, named as the user gave it, for ``files.check_outputs``."""
        if self.data is None:
            from ..model.loading import bundled_data_path

            return {"the bundled data": str(bundled_data_path())}
        from ..model.loading import DATA_ENV

        return {DATA_ENV if self.data_from_environment else "--data": self.data}

    def emit(self, shape: Shape[AnyRecord], output: Output | None = None) -> None:
        """Write what a command made in the chosen ``output``: the one way out (``emit``)."""
        from ..output.emit import JSON_ONLY, emit

        emit(shape, output or JSON_ONLY, self.screen)


def session_of(ctx: typer.Context) -> Session:
    """The run's session: the one in the root context's ``obj``, or one made from the
    program's options there (as the app's callback does, and while the shell asks for
    completions, when Click parses the options but runs no callback)."""
    root = ctx.find_root()
    if isinstance(root.obj, Session):
        return root.obj
    given = root.params
    source = root.get_parameter_source("data")
    return Session(
        given.get("data"),
        data_from_environment=source is not None and source.name == "ENVIRONMENT",
        color=given.get("color") or "auto",
        pager=not given.get("no_pager", False),
    )
