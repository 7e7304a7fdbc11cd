"""README.md and docs/ show the real thing: their terminal examples are the program's output.

The examples are written by scripts/docs_examples.py, at 80 columns; README stays a short
introduction that links to the documentation site, built from docs/ by MkDocs.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import REPO, invoke

REGENERATE = "python scripts/docs_examples.py"
README_MAX_LINES = 250
TEMPLATE = REPO / "docs" / "examples" / "my-biography.json"


def examples_script() -> ModuleType:
    path = REPO / "scripts" / "docs_examples.py"
    spec = importlib.util.spec_from_file_location("docs_examples", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


PAGES = examples_script().pages()


@pytest.mark.parametrize("page", PAGES, ids=lambda path: str(path.relative_to(REPO)))
def test_examples_are_the_programs_output(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    fresh = examples_script().regenerate(text)
    diff = "".join(difflib.unified_diff(text.splitlines(True), fresh.splitlines(True)))
    assert fresh == text, f"{page.name} is stale; run {REGENERATE}\n{diff}"


@pytest.mark.parametrize("name", ["timeline.svg", "map.svg"])
def test_the_picture_is_the_programs_drawing(name: str) -> None:
    script = examples_script()
    path = REPO / "docs" / name
    committed = path.read_text(encoding="utf-8")
    assert script.picture(path) == committed, f"docs/{name} is stale; run {REGENERATE}"
    assert f"]({name})" in (REPO / "docs" / "usage.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda path: str(path.relative_to(REPO)))
def test_every_example_fits_80_columns(page: Path) -> None:
    blocks = page.read_text(encoding="utf-8").split("```console\n")[1:]
    for block in blocks:
        output = [line for line in block.split("```", 1)[0].splitlines() if line[:2] != "$ "]
        # JSON lines and references are one record a line, however long; tables are not.
        wide = [
            line for line in output if len(line) > 80 and line[:1] not in "{[" and "." not in line
        ]
        assert not wide, wide


def test_docs_show_many_examples() -> None:
    blocks = sum(page.read_text(encoding="utf-8").count("```console\n") for page in PAGES)
    assert blocks >= 10


def test_readme_is_short_and_links_every_page() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= README_MAX_LINES
    site = "https://bazhanov-cli.github.io/bazhanov-cli/"  # mkdocs.yml's site_url
    for page in sorted((REPO / "docs").glob("*.md")):
        link = f"]({site}{page.stem}.html)"  # absolute: the index shows README alone
        assert link in readme, f"README does not link docs/{page.name}"


def test_docs_show_the_programs_own_options_before_the_command() -> None:
    """Options of the whole program come before the command; completion is a command."""
    for page in [*PAGES, REPO / "man" / "bazhanov.1"]:
        text = page.read_text(encoding="utf-8")
        examples = re.findall(r"bazhanov [^`\n]*", text)
        late = [line for line in examples if re.search(r"bazhanov \w[\w-]* .*--data ", line)]
        assert not late, f"{page.name} shows --data after the command: {late}"
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        if page.name != "cli.md":  # generated from the program as it is
            assert "--install-completion" not in text, page.name
            assert "--show-completion" not in text, page.name


def test_template_data_file_is_valid() -> None:
    """docs/data-files.md offers it as a start for your own: validate accepts it."""
    result = invoke("validate", str(TEMPLATE))
    assert result.exit_code == 0, result.stdout + result.stderr
    # The verdict on a valid file is a message, so it is on stderr; stdout holds problems.
    assert result.stdout == ""
    assert result.stderr.startswith(f"{TEMPLATE}: valid")


def test_template_is_a_sample_of_the_bundled_data() -> None:
    """Every item of the template is the bundled data's, word for word: it states no new fact."""
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    bundled = json.loads((REPO / "data" / "bazhanov.json").read_text(encoding="utf-8"))
    for kind in ("sources", "events", "editions", "people", "places", "quotes"):
        assert template[kind], kind
        for item in template[kind]:
            assert item in bundled[kind], (kind, item["id"])
    for field, value in template["facts"].items():
        if field == "positions":
            assert all(position in bundled["facts"]["positions"] for position in value)
        else:
            assert value == bundled["facts"][field], field
