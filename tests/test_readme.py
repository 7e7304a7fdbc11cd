"""README.md shows the real thing: its terminal examples are the program's output at 80 columns."""

from __future__ import annotations

import difflib
import importlib.util
from types import ModuleType

from .conftest import REPO


def examples_script() -> ModuleType:
    path = REPO / "scripts" / "readme_examples.py"
    spec = importlib.util.spec_from_file_location("readme_examples", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_examples_are_the_programs_output() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    fresh = examples_script().regenerate(readme)
    diff = "".join(difflib.unified_diff(readme.splitlines(True), fresh.splitlines(True)))
    assert fresh == readme, f"README.md is stale; run python scripts/readme_examples.py\n{diff}"


def test_readme_picture_is_the_programs_drawing() -> None:
    script = examples_script()
    committed = script.PICTURE.read_text(encoding="utf-8")
    assert script.picture() == committed, (
        "docs/timeline.svg is stale; run scripts/readme_examples.py"
    )
    assert "](docs/timeline.svg)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_every_example_fits_80_columns() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```console\n")[1:]
    assert len(blocks) >= 5
    for block in blocks:
        output = [line for line in block.split("```", 1)[0].splitlines() if line[:2] != "$ "]
        # JSON lines and references are one record a line, however long; tables are not.
        wide = [
            line for line in output if len(line) > 80 and line[:1] not in "{[" and "." not in line
        ]
        assert not wide, wide
