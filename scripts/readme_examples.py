"""Write README.md's terminal examples and its picture from the program itself.

Every ```console block of README.md is a list of ``$ command`` lines; this script
runs each one (through ``sh``, with this Python's ``bazhanov`` first on PATH, in
an empty folder, 80 columns, no colour, no pager) and writes what a terminal
would show under it, stdout and stderr together. The picture README shows,
docs/timeline.svg, is ``bazhanov timeline --svg -``. tests/test_readme.py runs
``regenerate`` and ``picture`` and fails when either differs from what is
committed, so README cannot drift from what the program prints.

    python scripts/readme_examples.py           # rewrite README.md
    python scripts/readme_examples.py --check   # exit 1, with a diff, if it is stale
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
PICTURE = README.parent / "docs" / "timeline.svg"
PICTURE_COMMAND = "bazhanov timeline --svg -"
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
    return result.stdout


def regenerate(readme: str) -> str:
    """``readme`` with the output under every ``$ command`` of its console blocks."""
    with tempfile.TemporaryDirectory() as scratch:

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

        return BLOCK.sub(block, readme)


def picture() -> str:
    """The SVG README shows."""
    with tempfile.TemporaryDirectory() as scratch:
        return run(PICTURE_COMMAND, Path(scratch))


def main() -> int:
    stale = 0
    for path, fresh in (
        (README, regenerate(README.read_text(encoding="utf-8"))),
        (PICTURE, picture()),
    ):
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if fresh == current:
            continue
        if "--check" in sys.argv[1:]:
            diff = difflib.unified_diff(
                current.splitlines(True), fresh.splitlines(True), path.name, "regenerated"
            )
            sys.stdout.writelines(diff)
            stale = 1
        else:
            path.write_text(fresh, encoding="utf-8")
    return stale


if __name__ == "__main__":
    sys.exit(main())
