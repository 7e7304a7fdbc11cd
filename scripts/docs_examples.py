"""Write the terminal examples of README.md and of every docs/*.md, and the timeline and map
pictures, from the program itself.

Every ```console block is a list of ``$ command`` lines; this script runs each one
(through ``sh``, with this Python's ``bazhanov`` first on PATH, in a folder that holds
only the template data file, at docs/examples/my-biography.json as in the repository;
80 columns, no colour, no pager) and writes what a terminal would show under it, stdout
and stderr together; an example that exits non-zero is named on stderr.
The pictures the docs show, docs/timeline.svg and docs/map.svg, are ``bazhanov timeline
--svg -`` and ``bazhanov map --svg -``.
tests/test_readme.py runs ``regenerate`` and ``picture`` and fails when any differs
from what is committed, so the docs cannot drift from what the program prints.

    python scripts/docs_examples.py           # rewrite every example and the picture
    python scripts/docs_examples.py --check   # exit 1, with a diff, if any is stale
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = REPO / "docs"
PICTURE = DOCS / "timeline.svg"
MAP_PICTURE = DOCS / "map.svg"
# Copied into the folder the examples run in, at the same path, so they can show
# `--data docs/examples/my-biography.json` as it runs from the repository's folder.
TEMPLATE = DOCS / "examples" / "my-biography.json"
PICTURE_COMMANDS = {PICTURE: "bazhanov timeline --svg -", MAP_PICTURE: "bazhanov map --svg -"}
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.DOTALL | re.MULTILINE)
WIDTH = 80


def run(command: str, folder: Path) -> str:
    """What a terminal of WIDTH columns shows for ``command``, colour and pager off."""
    bin_dir = str(Path(sys.executable).parent)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"BAZHANOV_DATA", "FORCE_COLOR", "PAGER", "BAZHANOV_PAGER", "LINES"}
    }
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        COLUMNS=str(WIDTH),
        NO_COLOR="1",
        TERM="dumb",
        PYTHONIOENCODING="utf-8",
    )
    result = subprocess.run(
        ["sh", "-c", command],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    if result.returncode != 0:
        # Some examples show an error on purpose; after a change to the program, an example
        # that now fails should be looked at, so each one is named.
        print(f"exit {result.returncode}: $ {command}", file=sys.stderr)
    return result.stdout


def pages() -> list[Path]:
    """Every page whose examples this script writes: README.md, then docs/*.md by name."""
    return [README, *sorted(DOCS.glob("*.md"))]


def regenerate(page: str) -> str:
    """``page`` with the output under every ``$ command`` of its console blocks."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / TEMPLATE.relative_to(REPO)
        copy.parent.mkdir(parents=True)
        shutil.copy(TEMPLATE, copy)

        def block(match: re.Match[str]) -> str:
            examples = []
            for line in match.group(1).splitlines():
                if line.startswith("$ "):
                    shown = run(line[2:], Path(scratch))
                    examples.append(
                        f"{line}\n{shown}"
                        if shown.endswith("\n") or not shown
                        else f"{line}\n{shown}\n"
                    )
            return "```console\n" + "\n".join(examples) + "```"

        return BLOCK.sub(block, page)


def picture(path: Path = PICTURE) -> str:
    """The SVG the docs show at ``path``."""
    with tempfile.TemporaryDirectory() as scratch:
        return run(PICTURE_COMMANDS[path], Path(scratch))


def main() -> int:
    stale = 0
    for path in [*pages(), *PICTURE_COMMANDS]:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        fresh = picture(path) if path in PICTURE_COMMANDS else regenerate(current)
        if fresh == current:
            continue
        if "--check" in sys.argv[1:]:
            diff = difflib.unified_diff(
                current.splitlines(True), fresh.splitlines(True), str(path), "regenerated"
            )
            sys.stdout.writelines(diff)
            stale = 1
        else:
            path.write_text(fresh, encoding="utf-8")
    return stale


if __name__ == "__main__":
    sys.exit(main())
