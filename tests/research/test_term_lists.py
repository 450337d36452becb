"""Term lists: `search trend --terms FILE` counts every term of a file in one run, each row as the
term's own trend gives it, and says where the counts came from."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest
from constructed import build_research_index
from typer.testing import CliRunner

from search.cli.commands import app
from search.errors import UsageError
from search.research.term_lists import Term, parse_terms

runner = CliRunner()

TERMS = "# 基层治理的说法\n屋场恳谈会\n\n治理 = 屋场恳谈会 OR 网格化\n脱贫攻坚\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_research_index(tmp_path_factory.mktemp("terms"))


@pytest.fixture
def terms_file(tmp_path: Path) -> Path:
    path = tmp_path / "terms.txt"
    path.write_text(TERMS, encoding="utf-8")
    return path


def run(index: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["trend", *args, "--index", str(index)])


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_a_term_file_holds_terms_and_named_queries() -> None:
    assert parse_terms(TERMS) == (Term("屋场恳谈会", "屋场恳谈会", 2), Term("治理", "屋场恳谈会 OR 网格化", 4),
                                  Term("脱贫攻坚", "脱贫攻坚", 5))


@pytest.mark.parametrize("text, message", [
    ("# nothing\n\n", "holds no terms"),
    ("河长制\n河长制\n", "names '河长制' twice (lines 1 and 2)"),
    ("治理 =\n", "line 1: write `name = query`"),
])
def test_a_term_file_that_says_nothing_countable_is_an_error(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        parse_terms(text)


def test_each_terms_rows_are_its_own_trend(index: Path, terms_file: Path) -> None:
    result = run(index, "--terms", str(terms_file), "--by", "year,county", "-f", "csv")
    assert result.exit_code == 0, result.output
    combined = rows(result.stdout)
    assert list(combined[0]) == ["term", "query", "year", "county", "matching_reports", "reports", "share"]
    for name, query in (("屋场恳谈会", "屋场恳谈会"), ("治理", "屋场恳谈会 OR 网格化"), ("脱贫攻坚", "脱贫攻坚")):
        alone = [{k: v for k, v in r.items() if k != "counted"}
                 for r in rows(run(index, query, "--by", "year,county", "-f", "csv").stdout)]
        mine = [{k: v for k, v in r.items() if k not in ("term", "query")} for r in combined if r["term"] == name]
        assert mine == alone and {r["query"] for r in combined if r["term"] == name} == {query}
    assert sum(int(r["matching_reports"]) for r in combined if r["term"] == "治理") >= \
        sum(int(r["matching_reports"]) for r in combined if r["term"] == "屋场恳谈会") > 0


def test_the_text_table_is_terms_by_year_with_its_provenance(index: Path, terms_file: Path) -> None:
    result = run(index, "--terms", str(terms_file))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["term", "\\", "year", "2019", "2020", "2021", "2022", "2023"]
    assert [line.split()[0] for line in lines[1:4]] == ["屋场恳谈会", "治理", "脱贫攻坚"]
    digest = hashlib.sha256(terms_file.read_bytes()).hexdigest()[:12]
    assert f"3 terms from {terms_file} (sha256 {digest}), index gen-" in lines[-1]
    assert "counted per report, variants off" in lines[-1]


def test_data_formats_say_the_provenance_on_stderr(index: Path, terms_file: Path) -> None:
    result = run(index, "--terms", str(terms_file), "-f", "jsonl")
    assert result.exit_code == 0 and result.stderr.startswith(f"Note: 3 terms from {terms_file}")


@pytest.mark.parametrize("args, message", [
    (["河长制", "--terms", "TERMS"], "Error: trend counts the terms given or those of --terms"),
    (["--terms", "missing.txt"], "Error: --terms: cannot read missing.txt"),
])
def test_term_list_errors_are_one_line(index: Path, terms_file: Path, args: list[str], message: str) -> None:
    result = run(index, *[str(terms_file) if a == "TERMS" else a for a in args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
