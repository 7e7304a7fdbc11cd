"""The CLI reference (docs/cli.md) and the man page (man/bazhanov.1) are what the app says.

Both are generated from the app by scripts/generate_reference.py; as sqlite-utils does with
cog, a test regenerates them and fails when the committed files are stale.
"""

from __future__ import annotations

import difflib
import importlib.util
import subprocess
import sys
from types import ModuleType

import pytest

from .conftest import REPO, require

REGENERATE = "python scripts/generate_reference.py"


def reference_script() -> ModuleType:
    path = REPO / "scripts" / "generate_reference.py"
    spec = importlib.util.spec_from_file_location("generate_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "make"), [("docs/cli.md", "markdown"), ("man/bazhanov.1", "man_page")]
)
def test_generated_file_is_current(name: str, make: str) -> None:
    committed = (REPO / name).read_text(encoding="utf-8")
    fresh = getattr(reference_script(), make)()
    diff = "".join(difflib.unified_diff(committed.splitlines(True), fresh.splitlines(True)))
    assert fresh == committed, f"{name} is stale; run {REGENERATE}\n{diff}"


def test_reference_names_every_command_and_option() -> None:
    script = reference_script()
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    page = (REPO / "man" / "bazhanov.1").read_text(encoding="utf-8")
    for entry in script.commands()[1:]:
        assert f"\n## bazhanov {entry.name}\n" in reference
        assert f".SS bazhanov {entry.name}" in page
        for names, _help in entry.options():
            assert names in reference
            assert script.roff(names) in page


def test_man_page_is_plain_ascii_roff() -> None:
    page = (REPO / "man" / "bazhanov.1").read_text(encoding="utf-8")
    assert page.isascii(), "non-ASCII must be named (\\[uXXXX]) so groff needs no input encoding"
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS", "ENVIRONMENT"):
        assert f"\n.SH {section}\n" in page
    for variable in ("BAZHANOV_DATA", "BAZHANOV_PAGER", "PAGER", "NO_COLOR", "FORCE_COLOR"):
        assert f".B {variable}\n" in page


def test_man_page_renders_without_warnings() -> None:
    groff = require("groff", "apt-get install man-db (it brings groff-base)")
    result = subprocess.run(
        [groff, "-man", "-Tutf8", "-ww", "-z", str(REPO / "man" / "bazhanov.1")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == ""


def test_the_site_publishes_each_schema_at_its_id() -> None:
    """docs/schemas/ holds every JSON Schema `schema` prints, as it prints it, and nothing
    else: each at the address its `$id` names under the documentation site."""
    import json

    from bazhanov_cli.model.schemas import DOCS_URL

    fresh = reference_script().schemas()
    folder = REPO / "docs" / "schemas"
    assert sorted(folder.iterdir()) == sorted(fresh), f"run {REGENERATE}"
    for path, text in fresh.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale; run {REGENERATE}"
        assert DOCS_URL + path.relative_to(REPO / "docs").as_posix() == json.loads(text)["$id"]
    assert len(fresh) >= 13
