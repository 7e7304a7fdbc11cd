"""The bundled data is found in all three install modes.

An editable install imports the package from the source tree, where the force-included
path inside the package does not exist, so each mode needs its own check:

* a wheel built from the repo: ``data/bazhanov.json`` is force-included at
  ``bazhanov_cli/data/bazhanov.json``, byte for byte, and nothing else leaks in;
* a wheel built from the sdist (what pip builds from PyPI's sdist): the same;
* the wheel installed into a fresh directory and imported from there, cwd outside the repo;
* the source tree on ``sys.path`` (an editable install): the loader falls back to
  ``REPO/data/bazhanov.json``.

The wheel also carries the man page as data for ``PREFIX/share/man/man1``, and once installed
into a virtual environment ``man bazhanov`` finds it there.

Builds use the hatchling installed in the running interpreter, without network or
build isolation. The one test that runs pip runs a fresh virtual environment's own (from
``ensurepip``, offline), so the suite passes in an environment without pip (``uv venv``).
"""

# SLOW: this module builds a wheel, an sdist and a wheel from that sdist with hatchling and
# pip-installs the first wheel (a few seconds in all). Each build happens once, in the
# module-scoped fixtures below.

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

# The same root as conftest's REPO; computed here so the module does not depend on
# how pytest imports conftest.
REPO = Path(__file__).resolve().parents[1]
DATA_FILE = REPO / "data" / "bazhanov.json"
DATA_MEMBER = "bazhanov_cli/data/bazhanov.json"
SOURCES_DIR = REPO / "data" / "sources"
SOURCE_FILES = ("README.md", "bazhanov_article.txt", "editions.md")
"""The shipped source documents and the file beside them that says whose they are."""
MODULES = (
    "bazhanov_cli/cli/app.py",
    "bazhanov_cli/model/items.py",
    "bazhanov_cli/model/languages.py",
    "bazhanov_cli/queries/bibliographies.py",
    # The map's country outlines, data read with importlib.resources.
    "bazhanov_cli/output/map/outlines.json",
    # PEP 561: type checkers read the package's own annotations.
    "bazhanov_cli/py.typed",
)
MAN_PAGE = REPO / "man" / "bazhanov.1"
EDITION_COUNT = 12
FULL_NAME = "Boris Georgiyevich Bazhanov"
TIMEOUT = 120

PROBE = (
    "from bazhanov_cli.model.loading import bundled_data_path, load_biography; "
    "p = bundled_data_path(); print(p); b = load_biography(); print(len(b['editions']))"
)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command to completion; fail the test with its output if it exits non-zero."""
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT
    )
    if result.returncode != 0:
        pytest.fail(
            f"{args} in {cwd} exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


def _build(project: Path, target: str, out_dir: Path) -> Path:
    """Build one ``target`` ("wheel" or "sdist") of ``project`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _run(
        [sys.executable, "-m", "hatchling", "build", "-t", target, "-d", str(out_dir)],
        cwd=project,
    )
    pattern = "*.whl" if target == "wheel" else "*.tar.gz"
    artifacts = sorted(out_dir.glob(pattern))
    assert len(artifacts) == 1, f"expected one {pattern} in {out_dir}, found {artifacts}"
    return artifacts[0]


def _child_env(pythonpath: Path) -> dict[str, str]:
    """The environment for a child interpreter that must import bazhanov_cli from ``pythonpath``.

    PYTHONPATH entries come before site-packages, so they win over the dev venv's
    editable install; the venv's site-packages still provide typer, rich and pydantic.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("BAZHANOV_DATA", None)  # the CLI's override; it must not hide the bundled file
    env.update(
        PYTHONPATH=str(pythonpath),
        PYTHONNOUSERSITE="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


def _probe(pythonpath: Path, cwd: Path) -> tuple[Path, int]:
    """(bundled_data_path(), number of editions) as a child interpreter sees them."""
    out = _run([sys.executable, "-c", PROBE], cwd=cwd, env=_child_env(pythonpath))
    lines = out.splitlines()
    assert len(lines) == 2, f"unexpected probe output: {out!r}"
    return Path(lines[0]), int(lines[1])


@pytest.fixture(scope="module")
def build_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("packaging")


@pytest.fixture(scope="module")
def repo_wheel(build_root: Path) -> Path:
    return _build(REPO, "wheel", build_root / "repo-wheel")


@pytest.fixture(scope="module")
def sdist(build_root: Path) -> Path:
    return _build(REPO, "sdist", build_root / "sdist")


@pytest.fixture(scope="module")
def unpacked_sdist(sdist: Path, build_root: Path) -> Path:
    dest = build_root / "sdist-unpacked"
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(dest, filter="data")
        else:  # pragma: no cover - Pythons without the extraction filters
            archive.extractall(dest)
    roots = [path for path in dest.iterdir() if path.is_dir()]
    assert len(roots) == 1, f"expected one top-level directory in the sdist, found {roots}"
    return roots[0]


@pytest.fixture(scope="module")
def sdist_wheel(unpacked_sdist: Path, build_root: Path) -> Path:
    return _build(unpacked_sdist, "wheel", build_root / "sdist-wheel")


@pytest.fixture(scope="module")
def installed_site(repo_wheel: Path, build_root: Path) -> Path:
    """The wheel installed as an installer lays out a pure-Python wheel: its files unpacked.

    No installer is run, so this works in any virtual environment, one made by
    ``uv venv`` (which has no pip) included.
    """
    site = build_root / "site"
    with zipfile.ZipFile(repo_wheel) as archive:
        archive.extractall(site)
    return site


@pytest.fixture(params=["repo", "sdist"])
def wheel(request: pytest.FixtureRequest) -> Path:
    """Each test using this runs against the wheel built from the repo and from the sdist."""
    name = "repo_wheel" if request.param == "repo" else "sdist_wheel"
    path: Path = request.getfixturevalue(name)
    return path


def _man_member(wheel: Path) -> str:
    """Where a wheel keeps the man page: its data for PREFIX/share/man/man1 (PEP 427)."""
    version = wheel.name.split("-")[1]
    return f"bazhanov_cli-{version}.data/data/share/man/man1/bazhanov.1"


def _members(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_wheel_bundles_the_data_file_byte_for_byte(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        assert DATA_MEMBER in archive.namelist()
        assert archive.read(DATA_MEMBER) == DATA_FILE.read_bytes()


def test_wheel_bundles_the_source_documents_byte_for_byte(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(
            name for name in archive.namelist() if name.startswith("bazhanov_cli/data/sources/")
        )
        assert shipped == [f"bazhanov_cli/data/sources/{file}" for file in SOURCE_FILES]
        for file in SOURCE_FILES:
            member = f"bazhanov_cli/data/sources/{file}"
            assert archive.read(member) == (SOURCES_DIR / file).read_bytes(), member


def test_wheel_contains_the_package_modules(wheel: Path) -> None:
    members = set(_members(wheel))
    missing = [module for module in MODULES if module not in members]
    assert not missing, f"{wheel.name} lacks {missing}"


def test_wheel_declares_the_bazhanov_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = [
            name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt")
        ]
        assert len(names) == 1, f"expected one entry_points.txt, found {names}"
        text = archive.read(names[0]).decode("utf-8")
    entry_points = configparser.ConfigParser(delimiters=("=",))
    entry_points.read_string(text)
    assert entry_points.has_section("console_scripts"), text
    assert dict(entry_points["console_scripts"]) == {"bazhanov": "bazhanov_cli.__main__:main"}


def test_wheel_holds_only_the_package_and_its_metadata(wheel: Path) -> None:
    members = _members(wheel)
    leaked = [
        name
        for name in members
        if name.split("/")[0] != "bazhanov_cli"
        and not name.split("/")[0].endswith(".dist-info")
        and name != _man_member(wheel)
    ]
    assert not leaked, f"{wheel.name} has members outside the package: {leaked}"
    assert not [name for name in members if name.startswith(("tests/", "data/"))]


def test_wheel_carries_every_licence_and_declares_them(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        licences = {name.split("/licenses/", 1)[1]: name for name in names if "/licenses/" in name}
        assert set(licences) == {"LICENSE", "LICENSE-DATA", "bazhanov_cli/styles/LICENSE"}
        data_licence = archive.read(licences["LICENSE-DATA"]).decode("utf-8")
        styles_licence = archive.read(licences["bazhanov_cli/styles/LICENSE"]).decode("utf-8")
        metadata = archive.read(next(n for n in names if n.endswith("/METADATA"))).decode()
        styles = [name for name in names if name.startswith("bazhanov_cli/styles/")]
    assert "https://en.wikipedia.org/wiki/Boris_Bazhanov" in data_licence
    assert "Attribution-ShareAlike 4.0 International" in data_licence
    assert data_licence.endswith("Creative Commons may be contacted at creativecommons.org.\n")
    # The CSL styles `cite` formats with ship beside the statement of their licence.
    assert "https://creativecommons.org/licenses/by-sa/3.0/" in styles_licence
    assert sorted(styles) == sorted(
        [
            "bazhanov_cli/styles/LICENSE",
            "bazhanov_cli/styles/apa.csl",
            "bazhanov_cli/styles/chicago-notes-bibliography-17th-edition.csl",
            "bazhanov_cli/styles/harvard-cite-them-right.csl",
            "bazhanov_cli/styles/modern-language-association.csl",
        ]
    )
    assert "License-Expression: MIT AND CC-BY-SA-4.0 AND CC-BY-SA-3.0" in metadata
    assert "License-File: LICENSE-DATA" in metadata
    assert "License-File: bazhanov_cli/styles/LICENSE" in metadata


def test_sdist_carries_the_data_file_and_the_build_config(sdist: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "data/bazhanov.json", "bazhanov_cli/model/loading.py"} <= names
    assert {f"data/sources/{file}" for file in SOURCE_FILES} <= names


def test_sdist_carries_everything_its_own_tests_read(sdist: Path) -> None:
    """The unpacked sdist runs its own suite (CI does so): every file the tests open is in it."""
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    needed = {
        str(path.relative_to(REPO))
        for folder in ("tests", "scripts", "benchmarks", "docs", "man", "requirements")
        for path in (REPO / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and "node_modules" not in path.parts
    }
    needed |= {"README.md", "LICENSE", "LICENSE-DATA", "mkdocs.yml", "bazhanov_cli/py.typed"}
    assert not needed - names, f"the sdist lacks {sorted(needed - names)}"


def test_the_index_accepts_both_distributions(sdist: Path, repo_wheel: Path) -> None:
    """``twine check --strict``, the index's own check: metadata complete, README renders."""
    env = {**os.environ, "NO_COLOR": "1"}
    out = _run(
        [sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(repo_wheel)],
        cwd=sdist.parent,
        env=env,
    )
    assert out.count("PASSED") == 2, out


def test_classifiers_name_the_pythons_ci_tests(repo_wheel: Path) -> None:
    """The wheel claims the Python versions README names; .ci/run tests on exactly those.

    .ci/run reads its list of interpreters from these classifiers and fails when one is
    missing, so a version claimed here is a version CI ran the suite on.
    """
    with zipfile.ZipFile(repo_wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode("utf-8")
    prefix = "Classifier: Programming Language :: Python :: "
    claimed = sorted(
        (line.removeprefix(prefix) for line in text.splitlines() if line.startswith(prefix + "3.")),
        key=lambda version: tuple(map(int, version.split("."))),
    )
    assert len(claimed) >= 2
    assert f"Requires-Python: >={claimed[0]}" in text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"Python {', '.join(claimed[:-1])} and {claimed[-1]}" in readme


def test_installed_wheel_loads_its_own_bundled_data(installed_site: Path, tmp_path: Path) -> None:
    path, editions = _probe(installed_site, cwd=tmp_path)
    assert path.is_relative_to(installed_site.resolve()), f"{path} is not inside {installed_site}"
    assert path == installed_site.resolve() / DATA_MEMBER
    assert path.read_bytes() == DATA_FILE.read_bytes()
    assert editions == EDITION_COUNT


def test_installed_wheel_runs_facts_json(installed_site: Path, tmp_path: Path) -> None:
    out = _run(
        [sys.executable, "-m", "bazhanov_cli", "facts", "--json"],
        cwd=tmp_path,
        env=_child_env(installed_site),
    )
    assert json.loads(out)["full_name"] == FULL_NAME


def test_installed_wheel_shows_the_passages_it_ships(installed_site: Path, tmp_path: Path) -> None:
    out = _run(
        [sys.executable, "-m", "bazhanov_cli", "show", "defection", "--json"],
        cwd=tmp_path,
        env=_child_env(installed_site),
    )
    passages = json.loads(out)["passages"]
    assert passages[1]["text"].startswith("On 1 January 1928, Bazhanov defected")
    out = _run(
        [
            sys.executable,
            "-c",
            "from bazhanov_cli.model.loading import shipped_text_path as p; "
            "print(p('editions.md'))",
        ],
        cwd=tmp_path,
        env=_child_env(installed_site),
    )
    assert Path(out.strip()) == installed_site.resolve() / "bazhanov_cli/data/sources/editions.md"


def test_source_tree_import_falls_back_to_the_repo_data(tmp_path: Path) -> None:
    # As in an editable install: the package is imported from REPO, where there is no
    # bazhanov_cli/data/, so the loader must find the file at the repo's top level.
    path, editions = _probe(REPO, cwd=tmp_path)
    assert path == DATA_FILE
    assert path.is_file()
    assert editions == EDITION_COUNT


def test_wheel_carries_the_man_page_for_share_man(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        assert _man_member(wheel) in archive.namelist()
        assert archive.read(_man_member(wheel)) == MAN_PAGE.read_bytes()


def test_man_finds_the_page_in_the_virtual_environment(repo_wheel: Path, tmp_path: Path) -> None:
    """``man bazhanov`` works where ``bazhanov`` is on PATH: man-db looks in ../share/man."""
    man = shutil.which("man")
    if man is None:
        pytest.skip("man is not installed (Debian: apt-get install man-db)")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "install", "-q", "--no-deps", "--no-index", str(repo_wheel)], cwd=tmp_path)
    env = {key: value for key, value in os.environ.items() if key not in {"MANPATH", "MANOPT"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin"
    found = Path(_run([man, "-w", "bazhanov"], cwd=tmp_path, env=env).strip())
    assert found == venv.resolve() / "share" / "man" / "man1" / "bazhanov.1", found
    assert found.read_bytes() == MAN_PAGE.read_bytes()


def _mkdocs_config() -> dict[str, str]:
    import yaml

    with open(REPO / "mkdocs.yml", encoding="utf-8") as file:
        loaded: dict[str, str] = yaml.safe_load(file)
    return loaded


def test_readme_pictures_are_absolute_https_urls_of_our_docs_site() -> None:
    """The index shows README without the repository beside it: a relative picture breaks.

    Each picture is an https URL under the docs site (mkdocs.yml's ``site_url``), of a file
    that docs/ holds, so the site publishes it; and each has alt text.
    """
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    markdown = re.findall(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)", readme)
    html = [("", url) for url in re.findall(r"<img\b[^>]*\bsrc=[\"']([^\"']+)", readme, re.I)]
    assert markdown, "README shows the timeline"
    assert not html, "pictures are Markdown, with alt text"
    site = _mkdocs_config()["site_url"]
    for alt, url in markdown:
        assert url.startswith(site), url
        assert site.startswith("https://"), site
        assert (REPO / "docs" / url.removeprefix(site)).is_file(), url
        assert len(alt.split()) >= 5, f"{url} needs alt text that says what it shows"


def test_readme_links_are_absolute_and_reach_a_page_of_the_docs() -> None:
    """A relative link works on GitHub but not on the index's page: every link is https, and
    one into the docs site names a page docs/ builds (``use_directory_urls: false``)."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)", readme)
    assert len(links) >= 10, links
    site = _mkdocs_config()["site_url"]
    for url in links:
        assert url.startswith("https://"), url
        if url.startswith(site):
            page = url.removeprefix(site) or "index.html"
            assert page.endswith(".html"), url
            assert (REPO / "docs" / page.removesuffix(".html")).with_suffix(".md").is_file(), url


def test_metadata_names_the_project_urls_all_https(repo_wheel: Path) -> None:
    with zipfile.ZipFile(repo_wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode("utf-8")
    urls = dict(
        line.removeprefix("Project-URL: ").split(", ", 1)
        for line in text.splitlines()
        if line.startswith("Project-URL: ")
    )
    assert {"Homepage", "Documentation", "Source", "Issues"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values()), urls
    assert [line for line in text.splitlines() if line.startswith("Home-page")] == []
    config = _mkdocs_config()
    assert urls["Documentation"] == config["site_url"]
    assert urls["Source"] == config["repo_url"] == urls["Homepage"]
    assert urls["Issues"] == urls["Source"] + "/issues"
