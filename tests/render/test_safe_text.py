"""Nothing a corpus or an index supplies can act on the terminal: every string is made
visible-safe where it is printed, as text, as a warning, or as a CSV/TSV cell."""

from __future__ import annotations

import csv
import io
from itertools import takewhile
from pathlib import Path

from typer.testing import CliRunner

from search.cli.commands import app
from search.render import BOLD, BOLD_RED, DIM, RESET, visible, write_table
from search.research.tables import Table

runner = CliRunner()

LINK = "\x1b]8;;http://ev.il\x1b\\点我\x1b]8;;\x1b\\"
TITLE = "\x1b]0;改了标题\x07"
HIDDEN = "\x1b[8m藏起来"
REVERSED = "\u202e倒过来\u2066"
HOSTILE_TOWN = "甲镇" + LINK + REVERSED
"""Within the sidecar's bounds (one line, 40 characters): a raw newline never reaches the index."""
HOSTILE_TITLE = "甲镇工作总结" + TITLE + HIDDEN
UNSAFE = [chr(c) for c in (*range(0x20), *range(0x7f, 0xa0), 0x061c, 0x200e, 0x200f, 0x2028, 0x2029,
                           *range(0x202a, 0x202f), *range(0x2066, 0x206a))]


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, every character outside printable ASCII escaped."""
    return '"' + "".join(ch if " " <= ch < "\x7f" and ch not in '"\\' else f"\\u{ord(ch):04x}" for ch in text) + '"'


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "甲.txt").write_text("一、2021年工作总结\n全镇召开屋场恳谈会十二场，推进河长制。\n", encoding="utf-8")
    (folder / "甲.meta.toml").write_text(f"town = {toml_string(HOSTILE_TOWN)}\n"
                                        f"title = {toml_string(HOSTILE_TITLE)}\n", encoding="utf-8")
    (folder / "乙.txt").write_text("一、2021年工作总结\n乙镇召开屋场恳谈会。\n", encoding="utf-8")
    (folder / "乙.meta.toml").write_text(f"{toml_string('坏' + chr(0x1b) + '[31m键')} = 1\n", encoding="utf-8")
    return folder


def without_own_colours(text: str) -> str:
    for code in (BOLD_RED, DIM, BOLD, RESET):
        text = text.replace(code, "")
    return text


def test_every_unsafe_character_becomes_visible_and_cjk_is_untouched() -> None:
    text = "".join(UNSAFE)
    shown = visible(text)
    assert not set(shown) & set(UNSAFE)
    assert "\\u202e" in shown and "\\u2028" in shown and "␛" in shown and "␊" in shown
    assert visible(shown) == shown
    ordinary = "荫田镇2021年工作总结：河长制、屋场恳谈会（12场）… [bold] café"
    assert visible(ordinary) == ordinary


def test_a_hostile_sidecar_town_reaches_no_terminal_and_forges_no_facet_line(tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    built = runner.invoke(app, ["index", "--corpus", str(write_corpus(tmp_path / "corpus")), "--index", index])
    assert built.exit_code == 0, built.output
    facets = runner.invoke(app, ["facets", "--index", index]).stdout
    lines = facets.splitlines()
    values = list(takewhile(lambda line: line.startswith("  "), lines[lines.index("town:") + 1:]))
    towns = [line for line in values if "甲镇" in line]
    assert len(towns) == 1 and "1999" not in facets.replace(towns[0], "")
    assert "甲镇␛]8;;http://ev.il␛\\点我" in towns[0] and "\\u202e倒过来\\u2066" in towns[0]
    for args in (["query", "屋场恳谈会", "--color", "always"], ["query", "屋场恳谈会", "--color", "never"],
                 ["docs"], ["kwic", "屋场恳谈会"], ["trend", "屋场恳谈会", "--by", "town"]):
        result = runner.invoke(app, [*args, "--index", index])
        assert result.exit_code == 0, result.output
        shown = without_own_colours(result.stdout + result.stderr)
        assert not set(shown) & (set(UNSAFE) - {"\n"}), args
        assert "\n1999" not in shown and "\nyear: 1999" not in shown, args


def test_corpus_strings_in_index_warnings_are_made_visible(tmp_path: Path) -> None:
    result = runner.invoke(app, ["index", "--corpus", str(write_corpus(tmp_path / "corpus")),
                                 "--index", str(tmp_path / "index")])
    assert "unknown key 坏␛[31m键" in result.stderr


def test_no_csv_or_tsv_field_breaks_its_row() -> None:
    hostile = "甲\n乙\r丙\t丁\u2028戊\u2029己\x85庚\x1c辛\x0b壬\x0c癸,\"引号\""
    data = Table(("id", "town", "text"), (("a.txt:1", hostile, hostile), ("a.txt:2", "乙镇", "正常")))
    tsv = write_table(data, "tsv")
    assert len(tsv.splitlines()) == 3 and all(line.count("\t") == 2 for line in tsv.splitlines())
    text = write_table(data, "csv")
    assert len(text.splitlines()) == 3
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert len(rows) == 3 and rows[1][1].startswith("甲 乙 丙 丁") and rows[1][1].endswith('癸,"引号"')
