"""The biography as a database: ``sql`` asks it one read-only question, ``export sqlite``
writes it to a file. The database itself is ``output.sqlite``'s, the query runner
``queries.sqlquery``'s; these commands only parse, call them and emit.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Annotated, cast

import typer

from ..choices import ExportFormat
from ..errors import UsageError
from ..output import terminal, views
from ..output.emit import Records
from ..output.terminal import argument_text
from .options import (
    FieldsOption,
    FormatOption,
    JsonFlag,
    LimitOption,
    QuietFlag,
    complete_sql,
    format_of,
    one_of,
    output_spec,
    whole_number,
)
from .session import session_of

if TYPE_CHECKING:
    from ..model.kinds import Record


def sql(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY", hidden=True, parser=argument_text, autocompletion=complete_sql
        ),
    ],
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    time_limit: Annotated[
        int | None,
        whole_number(
            "--time-limit",
            low=1,
            high=3600,
            metavar="SECONDS",
            help="Interrupt the query after SECONDS (default 5).",
            show_default=False,
        ),
    ] = None,
    quiet: QuietFlag = False,
) -> None:
    """Ask the data anything in SQL: one read-only query on the biography as a database.

    The database is the one export sqlite writes (bazhanov schema sqlite prints
    its tables), built in memory. Only reading is allowed: a write, ATTACH, a
    pragma that changes anything or loading an extension is refused (exit 2), and
    a query is interrupted after 5 seconds (--time-limit). A result may have up to
    100,000 rows and 64 MiB; a table shows the first 1,000 rows and says so.

    \b
    Examples:
      bazhanov sql "SELECT category, count(*) AS n FROM events GROUP BY category"
      bazhanov sql "SELECT * FROM events_fts WHERE events_fts MATCH 'trotsky'" --json
      bazhanov sql "SELECT id, title FROM editions WHERE year IS NULL" --format csv
    """
    from ..output import sqlite
    from ..queries import sqlquery

    session = session_of(ctx)
    session.progress.wanted = not quiet
    bio = session.biography()
    with session.progress.step("Building the database"):
        connection = sqlite.connect(bio, lists=True)
    drawn = format_of(json_, fmt, "json", "table") == "table"
    shown = sqlquery.TABLE_ROW_LIMIT if drawn else None
    fetched = limit if shown is None or (limit is not None and limit <= shown) else shown + 1
    with session.progress.step("Running the query"):
        found = sqlquery.run(connection, query, seconds=time_limit, limit=fetched)
    output = output_spec(found.columns, json_, fmt, fields)
    cut = shown is not None and len(found.rows) > shown  # run fetched at most --limit rows
    rows = cast("list[Record]", found.rows[:shown] if cut else found.rows)
    table = partial(views.fields_table, fields=found.columns)
    session.emit(Records(rows, table, "No rows."), output)
    if cut:
        terminal.message(
            f"Only the first {shown:,} rows are shown in a table: --format csv or --json "
            f"prints up to {sqlquery.ROW_LIMIT:,}, and LIMIT or --limit chooses fewer."
        )


def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Argument(parser=one_of(ExportFormat), metavar="FORMAT", hidden=True),
    ],
    file: Annotated[str, typer.Argument(metavar="FILE", hidden=True)],
    metadata: Annotated[
        str | None,
        typer.Option(
            "--metadata",
            metavar="FILE",
            help=(
                "Also write Datasette's metadata.json: the data's licence and source, for "
                "every page, the database's and each table's and row's (Datasette names "
                "the database after its file: rename the two together)."
            ),
        ),
    ] = None,
    quiet: QuietFlag = False,
) -> None:
    """Write the biography as a SQLite database, or its places for map tools.

    FORMAT is sqlite (a database for sqlite3, sqlite-utils or Datasette; bazhanov
    schema sqlite prints its tables), geojson (the places as an RFC 7946
    FeatureCollection, for QGIS, GDAL or a web map) or lpf (the places in the
    Linked Places Format, which the World Historical Gazetteer imports). The
    places' coordinates are GeoNames' (CC BY 4.0). The file is replaced whole
    (never half-written) and is never the data file.

    \b
    Examples:
      bazhanov export sqlite bazhanov.db
      bazhanov export sqlite bazhanov.db --metadata metadata.json
      datasette bazhanov.db --metadata metadata.json
      bazhanov export geojson places.geojson
      bazhanov export lpf places.lpf.json
    """
    from ..output import files, gazetteer, sqlite
    from ..output.formats import json_text

    if metadata is not None and fmt != "sqlite":
        raise UsageError(f"--metadata is Datasette's, for export sqlite, not {fmt}")
    outputs = {"FILE": file} | ({"--metadata": metadata} if metadata is not None else {})
    if files.STDOUT in outputs.values():
        raise UsageError("export writes files: give a file name, not - for stdout")
    session = session_of(ctx)
    session.progress.wanted = not quiet
    files.check_outputs(outputs, session.inputs())
    bio = session.biography()
    documents: dict[str, files.Content] = {}
    if fmt == "geojson":
        documents[file] = lambda: json_text(gazetteer.geojson(bio))
    elif fmt == "lpf":
        documents[file] = lambda: json_text(gazetteer.linked_places(bio))
    else:
        documents[file] = files.BuiltAt(
            partial(sqlite.write_database, bio), in_place=partial(sqlite.in_place, bio)
        )
    if metadata is not None:
        name = sqlite.datasette_name(file)
        documents[metadata] = lambda: json_text(sqlite.datasette_metadata(bio, name))
    terminal.write_files(documents, session.progress.step(f"Writing {', '.join(documents)}"))
