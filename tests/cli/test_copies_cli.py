"""Copies through the command line: identical copies folded in results, near-copies marked with
what changed, `--no-fold`, long lists of towns cut, and `dupes` rows that each carry their text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.index.build import build_index

runner = CliRunner()

TEMPLATE = ("{town}坚持把群众议事会作为化解矛盾的主渠道,全年组织群众议事会{n}场次,收集意见{m}条,"
            "办结率达到百分之九十五,基层治理水平明显提高。")
SAFETY = "坚持把安全生产放在突出位置,全面开展隐患排查整治行动,压紧压实各方责任,全年未发生较大以上安全事故。"
MANY = 24


def report(town: str, year: int, *paragraphs: str) -> str:
    return "\n".join([f"{town}{year}年工作总结", f"一、{year}年工作总结", *paragraphs, ""])


def corpus(target: Path) -> Path:
    """泉溪镇 writes the paragraph; 青石镇 copies it character for character, 泉溪镇 and all;
    白沙乡 reuses it with its own name and numbers; a report naming no town reuses it too; and
    a safety paragraph is shared word for word by many towns."""
    target.mkdir(parents=True)
    texts = {
        "a2020.txt": report("泉溪镇", 2020, "(一)" + TEMPLATE.format(town="泉溪镇", n=4, m=12)),
        "b2021.txt": report("青石镇", 2021, "(一)" + TEMPLATE.format(town="泉溪镇", n=4, m=12)),
        "c2021.txt": report("白沙乡", 2021, "(一)" + TEMPLATE.format(town="白沙乡", n=18, m=64)),
        "u2022.txt": report("XX镇", 2022, "(一)" + TEMPLATE.format(town="XX镇", n=70, m=300)),
    }
    towns = ["荫田镇", "柳林镇", "桃源镇", "石门乡", "龙潭镇", "泉溪镇", "青石镇", "白沙乡"]
    for number in range(MANY):
        texts[f"s{number:02d}.txt"] = report(towns[number % len(towns)], 2000 + number, "(二)" + SAFETY)
    for name, text in texts.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("copies-cli")
    build_index(corpus(root / "corpus"), root / "index", procs=1)
    return root / "index"


def ok(index: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--index", str(index)])
    assert result.exit_code == 0, result.output
    return result.stdout


def blocks(out: str) -> list[str]:
    return out.split("\n\n")


def test_only_identical_copies_fold_and_near_copies_say_what_changed(index: Path) -> None:
    out = ok(index, "query", "群众议事会", "--all")
    shown = [b for b in blocks(out) if "群众议事会" in b]
    assert len(shown) == 3
    first = shown[0]
    assert first.startswith("a2020.txt:3") and "+1 identical in other reports: 青石镇 2021" in first
    assert "≈2 near-copies in other reports (numbers or place names differ): 白沙乡 2021, (unknown) 2022" in first
    assert [b.split(":")[0] for b in shown[1:]] == ["c2021.txt", "u2022.txt"]
    assert all("≈ near-copy of a2020.txt:3: " in b for b in shown[1:])
    assert "泉溪镇→白沙乡, 4→18, 12→64" in shown[1]
    assert "4 paragraphs, showing 3" in out


def test_a_copy_naming_another_town_is_flagged(index: Path) -> None:
    out = ok(index, "query", "群众议事会", "--all")
    first = next(b for b in blocks(out) if "+1 identical in other reports" in b)
    assert "names another town" not in first
    near = ok(index, "query", "群众议事会", "-t", "青石")
    assert near.startswith("b2021.txt:3") and "names another town (泉溪镇)" in near


def test_no_fold_lists_every_paragraph(index: Path) -> None:
    out = ok(index, "query", "群众议事会", "--all", "--no-fold")
    assert sum(1 for b in blocks(out) if "群众议事会" in b) == 4
    assert "identical in other reports" not in out and "near-copy" not in out


def test_a_long_list_of_copies_is_cut_to_a_line(index: Path) -> None:
    out = ok(index, "query", "隐患排查", "--all")
    [line] = [x for x in out.splitlines() if "identical in other reports" in x]
    assert line.startswith(f"  +{MANY - 1} identical in other reports: ")
    assert line.endswith("more") and " … and " in line and len(line) <= 100


def test_dupes_rows_each_carry_their_text_kind_and_changes(index: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok(index, "dupes", "--format", "csv").lstrip("\ufeff"))))
    council = [r for r in rows if "群众议事会" in r["text"]]
    assert {r["source"] for r in council} == {"a2020.txt", "b2021.txt", "c2021.txt", "u2022.txt"}
    assert all(r["text"] for r in rows)
    kinds = {r["source"]: r["kind"] for r in council}
    assert kinds == {"a2020.txt": "identical", "b2021.txt": "identical", "c2021.txt": "near", "u2022.txt": "near"}
    by_source = {r["source"]: r for r in council}
    assert by_source["b2021.txt"]["names_other_town"] == "泉溪镇"
    assert by_source["c2021.txt"]["changes"] == "泉溪镇→白沙乡; 4→18; 12→64"


def test_dupes_text_shows_kinds_and_the_town_a_copy_names(index: Path) -> None:
    out = ok(index, "dupes")
    council = next(b for b in blocks(out) if "群众议事会" in b)
    assert "b2021.txt:3  identical  names another town (泉溪镇)" in council
    assert "c2021.txt:3  near\n      changed: 泉溪镇→白沙乡, 4→18, 12→64" in council


def test_dupes_of_reports_with_no_town(index: Path) -> None:
    out = ok(index, "dupes", "-t", "unknown")
    assert "u2022.txt:3" in out and out.splitlines()[-1] == "1 shared text"
