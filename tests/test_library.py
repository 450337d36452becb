"""The library API and the README's examples of using the index from Python and from Whoosh."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from search.normalize import normalize
from support import SEEDS, seed_paragraphs

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = "## Using the index from Python and from Whoosh"


def readme_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[: section.index("\n## ", len(SECTION))]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A folder with `seeds/` linked in, where the examples build `index/`."""
    folder = tmp_path_factory.mktemp("library")
    (folder / "seeds").symlink_to(SEEDS)
    return folder


def run_example(code: str, folder: Path) -> str:
    root = str(README.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_readme_has_a_python_and_a_whoosh_example() -> None:
    examples = readme_examples()
    assert len(examples) == 2
    assert "from search import" in examples[0] and "QueryParser" in examples[1]


def test_python_example_runs_and_finds_the_paragraph(workdir: Path) -> None:
    out = run_example(readme_examples()[0], workdir).splitlines()
    assert out[0] == f"{len(list(SEEDS.glob('*.txt')))} reports"
    total, years = out[1].split(" ", 1)
    expected = [p for p in seed_paragraphs() if p.town == "铁丝塘镇" and "屋场恳谈会" in normalize(p.text)]
    assert int(total) == len(expected) > 0
    assert all(line.split()[3].startswith("屋場懇談會") for line in out[2:])


def test_whoosh_example_finds_the_same_paragraphs_as_the_project(workdir: Path) -> None:
    run_example(readme_examples()[0], workdir)
    rows = [line.split(" | ") for line in run_example(readme_examples()[1], workdir).splitlines()]
    out = {query: set(ids.split()) for query, ids in rows}
    literal = {p.id for p in seed_paragraphs() if "屋场恳谈会" in normalize(p.text)}
    assert out["屋场恳谈会"] == literal
    phrase = out['"召开 屋场恳谈会"']
    assert phrase and phrase < literal
    assert all("召开屋场恳谈会" in normalize(p.text) for p in seed_paragraphs() if p.id in phrase)
    in_town = out["town:泉溪镇 屋場懇談會"]
    assert in_town == {p.id for p in seed_paragraphs() if p.id in literal and p.town == "泉溪镇"}


def test_library_names_are_importable_lazily() -> None:
    import search

    assert {"open_index", "build_index", "Filters", "SearchResult", "Hit"} <= set(search.__all__)
    assert search.Filters is __import__("search.engine.searcher", fromlist=["Filters"]).Filters
    with pytest.raises(AttributeError):
        search.no_such_name  # noqa: B018
