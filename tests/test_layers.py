"""The import rule of ARCHITECTURE.md, read from the source with `ast`.

Packages import downward only (cli → web → render → research → engine → index → ingest → the
ground modules); research, render, web and cli reach index and ingest only through their faces (`__init__`);
engine reads a generation only through the index modules named in ENGINE_DOORS; each third-party
library lives in one room. `violations` is a function of a source tree, so the test can plant an
upward import in a copy and see it caught.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "search"
ORDER = ("ground", "ingest", "index", "engine", "research", "render", "web", "cli", "main")
TOP = {"search.__init__", "search.__main__", "search.testing"}
FACE_ONLY = {"index", "ingest"}
FACE_USERS = {"research", "render", "web", "cli"}
ENGINE_DOORS = {"reader", "generations", "schema", "analyzers", "copies"}
THIRD_PARTY: dict[str, str | tuple[str, ...] | None] = {
    "whoosh": "index/",
    "jieba": "ingest/wordcut.py",
    "opencc": "normalize.py",
    "typer": "cli/",
    "click": None,
    "sqlite3": ("index/copies.py", "render/dataset.py"),
    "selectolax": "ingest/formats/html.py",
    "docx": "ingest/formats/docx.py",
    "pypdfium2": "ingest/formats/pdf.py",
    "olefile": "ingest/formats/doc.py",
    "reportlab": None,
    "starlette": "web/",
    "jinja2": "web/",
    "uvicorn": "web/serve.py",
    "httpx2": None,
    "numpy": "engine/columns.py",
}
"""Each library's home (a module, or a folder ending in /); sqlite3 has two: the copied-text table
of a generation, and the dataset `search export` writes (a data format, hence render). The web
app's libraries live in web/, the server in serve.py alone; httpx2 (Starlette's test client) in
no module; NumPy in the engine's bulk counting alone."""


def layer(module: str) -> str:
    """The package a dotted module of the project belongs to; the ground modules share one, and
    the library's face (`search`), `python -m search` and the temporary index for tests stand
    above everything they reach."""
    parts = module.split(".")
    if module in TOP:
        return "main"
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ORDER) else "ground"


def imports(path: Path, root: Path) -> Iterator[tuple[int, str]]:
    """Every module a file imports, absolute, with its line; `from X import name` counts as X.name
    so that importing a submodule through its package is seen."""
    package = ".".join(("search", *path.relative_to(root).with_suffix("").parts[:-1]))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [base]).strip(".")
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if base.startswith("search") else base


def project_module(name: str, root: Path) -> str:
    """`name` cut to the project module it names (search.index.build.build_index → search.index.build)."""
    parts = name.split(".")
    while len(parts) > 1 and not (root.parent / Path(*parts)).with_suffix(".py").exists() \
            and not (root.parent / Path(*parts) / "__init__.py").exists():
        parts.pop()
    return ".".join(parts)


def _module_of(target: str) -> str | None:
    """The module of a package that `target` names (search.index.reader → reader); None for the
    package itself."""
    parts = target.split(".")
    return parts[2] if len(parts) > 2 else None


def violations(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        own = layer(".".join(("search", *path.relative_to(root).with_suffix("").parts)))
        for line, name in imports(path, root):
            where = f"{rel}:{line} imports {name}"
            top = name.split(".")[0]
            if top in THIRD_PARTY:
                home = THIRD_PARTY[top]
                homes = (home,) if isinstance(home, str) else home or ()
                if not any(rel == h or h.endswith("/") and rel.startswith(h) for h in homes):
                    rooms = " or ".join(homes) or "no module (Typer only, public API)"
                    found.append(f"{where}: {top} belongs in {rooms}")
                if top == "typer" and any(p.startswith("_") for p in name.split(".")):
                    found.append(f"{where}: Typer's private API")
                continue
            if top != "search" or name == "search":
                continue
            target = project_module(name, root)
            theirs = layer(target)
            if own == theirs or theirs == "ground" and target.count(".") <= 1:
                continue
            if target.count(".") == 0:
                continue
            if ORDER.index(theirs) > ORDER.index(own):
                found.append(f"{where}: upward, {own} → {theirs}")
            elif own in FACE_USERS and theirs in FACE_ONLY and target != f"search.{theirs}":
                found.append(f"{where}: {own} reaches {theirs} only through its face search.{theirs}")
            elif own == "engine" and theirs == "index" and _module_of(target) not in ENGINE_DOORS:
                found.append(f"{where}: the engine reads a generation only through index.{sorted(ENGINE_DOORS)}")
    return found


def test_the_package_keeps_the_import_rule() -> None:
    assert violations(ROOT) == []


def test_a_planted_upward_import_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "search"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    planted = copy / "ingest" / "clean.py"
    planted.write_text(planted.read_text(encoding="utf-8") + "\nfrom search.render import text\n", encoding="utf-8")
    assert [v for v in violations(copy) if v.startswith("ingest/clean.py")] == [
        f"ingest/clean.py:{len(planted.read_text(encoding='utf-8').splitlines())} imports search.render.text: "
        "upward, ingest → render"]


@pytest.mark.parametrize(("planted", "line", "expected"), [
    ("research/kwic.py", "from search.index.build import build_index", "research reaches index only through its face"),
    ("engine/facets.py", "from search.index.build import build_index", "the engine reads a generation only through"),
    ("engine/facets.py", "from search import index", "the engine reads a generation only through"),
])
def test_a_planted_sideways_import_is_caught(tmp_path: Path, planted: str, line: str, expected: str) -> None:
    copy = tmp_path / "search"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    target = copy / planted
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    assert any(expected in v for v in violations(copy) if v.startswith(planted))


def test_a_library_outside_its_room_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "search"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    target = copy / "engine" / "ranking.py"
    target.write_text(target.read_text(encoding="utf-8") + "\nimport whoosh.query\nfrom typer import _click\n",
                      encoding="utf-8")
    found = [v for v in violations(copy) if v.startswith("engine/ranking.py")]
    assert any("whoosh belongs in index/" in v for v in found)
    assert any("typer belongs in cli/" in v for v in found)
