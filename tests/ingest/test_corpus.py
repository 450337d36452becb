"""Finding and decoding corpus files, skipping what is not a report, and sidecar overrides."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from search.errors import CorpusError
from search.ingest.corpus import NOT_READ, find_files, fingerprint, iter_corpus, load, read_file
from search.ingest.document import build_document
from search.models import Overrides, RawFile, Skipped

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
    + bytes(range(256)) * 8
    + b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _by_source(items: list[RawFile | Skipped]) -> dict[str, RawFile | Skipped]:
    return {item.source: item for item in items}


def test_every_seed_is_read_as_utf8(copy_seeds, seeds) -> None:
    root = copy_seeds()
    items = list(iter_corpus(root))
    assert [item.source for item in items] == sorted(seed.name for seed in seeds.values())
    for item in items:
        assert isinstance(item, RawFile), item
        seed = next(s for s in seeds.values() if s.name == item.source)
        assert item.encoding == "utf-8"
        assert item.text == seed.text
        assert item.sha256 == hashlib.sha256(seed.data).hexdigest()
        assert item.overrides == Overrides()


def test_encoded_variant_decodes_to_the_original_text(seed, variant_encoding, encode_as, tmp_path: Path) -> None:
    data, expected = encode_as(seed.text, variant_encoding)
    path = tmp_path / seed.name
    path.write_bytes(data)
    raw = read_file(path, seed.name)
    assert isinstance(raw, RawFile), raw
    assert raw.encoding == variant_encoding
    assert raw.text == expected
    assert raw.sha256 == hashlib.sha256(data).hexdigest()


def test_binary_and_empty_files_are_skipped_and_the_rest_read(copy_seeds) -> None:
    root = copy_seeds(["001", "003"])
    (root / "x.txt").write_bytes(PNG_BYTES)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b" \r\n\t\n")
    (root / "bom-only.txt").write_bytes("\ufeff".encode("utf-8"))
    items = _by_source(list(iter_corpus(root)))
    assert set(items) == {"001_51484330ba6a2c91.txt", "003_192b9e4ae9fa5ec2.txt", "x.txt", "empty.txt", "blank.txt",
                          "bom-only.txt"}
    assert isinstance(items["x.txt"], Skipped) and "not text" in items["x.txt"].reason
    for name in ("empty.txt", "blank.txt", "bom-only.txt"):
        assert items[name] == Skipped(name, "empty file")
    assert isinstance(items["001_51484330ba6a2c91.txt"], RawFile)
    assert isinstance(items["003_192b9e4ae9fa5ec2.txt"], RawFile)


@pytest.mark.parametrize(
    "data",
    [b"\x00" * 64, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 40, bytes(range(256)) * 16],
    ids=["nul-bytes", "exe-header", "every-byte"],
)
def test_other_binary_content_is_not_text(data: bytes, tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(data)
    skipped = read_file(tmp_path / "b.txt", "b.txt")
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("not text")


def test_a_line_too_long_to_be_a_report_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "dump.txt").write_text("荫田镇" + "数" * 100_000, encoding="utf-8")
    skipped = read_file(tmp_path / "dump.txt", "dump.txt")
    assert isinstance(skipped, Skipped) and "not a report" in skipped.reason


def test_non_txt_files_are_reported_hidden_files_and_sidecars_ignored(copy_seeds) -> None:
    root = copy_seeds(["004"])
    (root / "notes.md").write_text("# 备注", encoding="utf-8")
    (root / "scan.PDF").write_bytes(b"%PDF-1.4")
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.txt").write_text("ref", encoding="utf-8")
    (root / "004_788a321da40b58ee.meta.toml").write_text('town = "荫田镇"\n', encoding="utf-8")
    found = find_files(root)
    assert found == [
        "004_788a321da40b58ee.txt",
        Skipped("notes.md", NOT_READ),
        "scan.PDF",
    ]


def test_upper_case_suffix_and_subfolders_are_read(copy_seeds) -> None:
    root = copy_seeds(["000"])
    sub = root / "2020" / "衡阳"
    sub.mkdir(parents=True)
    (root / "000_38d5ad9ee7bf6a4c.txt").rename(sub / "泉溪镇.TXT")
    [item] = list(iter_corpus(root))
    assert isinstance(item, RawFile)
    assert item.source == "2020/衡阳/泉溪镇.TXT"


def test_a_missing_corpus_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        list(iter_corpus(tmp_path / "no-such-dir"))
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError):
        find_files(tmp_path / "file.txt")


# ---------------------------------------------------------------- sidecars

HONGSHAN = "003_192b9e4ae9fa5ec2"


def _with_sidecar(copy_seeds, toml: str | bytes) -> Path:
    root = copy_seeds(["003"])
    sidecar = root / f"{HONGSHAN}.meta.toml"
    sidecar.write_bytes(toml if isinstance(toml, bytes) else toml.encode("utf-8"))
    return root


def test_sidecar_overrides_are_applied(copy_seeds) -> None:
    root = _with_sidecar(
        copy_seeds,
        """
town = "红山镇"
year = 2020
title = "红山镇2020年工作报告"
date = "2020-01-15"

[[sections]]
line = 37
section = "其他"

[[sections]]
line = 39
section = "存在问题"
""",
    )
    raw = load(root, f"{HONGSHAN}.txt")
    assert isinstance(raw, RawFile)
    assert raw.overrides == Overrides(
        town="红山镇", year=2020, title="红山镇2020年工作报告", date="2020-01-15",
        sections=((37, "其他"), (39, "存在问题"))
    )
    document = build_document(raw)
    assert (document.town, document.year, document.title, document.date) == (
        "红山镇", 2020, "红山镇2020年工作报告", "2020-01-15")
    sections = {p.line: p.section for p in document.paragraphs}
    assert sections[35] == "工作总结"
    assert sections[37] == "其他"
    assert sections[39] == "存在问题"
    assert sections[41] == "工作计划"
    assert all(p.town == "红山镇" and p.year == 2020 for p in document.paragraphs)


def test_sidecar_section_at_a_blank_line_starts_at_the_next_paragraph(copy_seeds) -> None:
    """Line 38 of 003 is blank; the entry still takes effect, from line 39 on."""
    root = _with_sidecar(copy_seeds, '[[sections]]\nline = 38\nsection = "意见建议"\n')
    sections = {p.line: p.section for p in build_document(load(root, f"{HONGSHAN}.txt")).paragraphs}
    assert (sections[37], sections[39], sections[41]) == ("工作总结", "意见建议", "工作计划")


def test_sidecar_town_in_traditional_script_is_canonical(copy_seeds) -> None:
    root = _with_sidecar(copy_seeds, 'town = "紅山鎮"\ndate = 2019-12-30\n')
    document = build_document(load(root, f"{HONGSHAN}.txt"))
    assert (document.town, document.date) == ("红山镇", "2019-12-30")


@pytest.mark.parametrize(
    ("toml", "complaint"),
    [
        ("town = 洪山镇\n", "not valid TOML"),
        (b'town = "\xff"\n', "not valid TOML"),
        ('year = "2019"\n', "year must be an integer"),
        ("year = true\n", "year must be an integer"),
        ('[[sections]]\nline = 39\nsection = "问题"\n', "[[sections]]"),
        ('[[sections]]\nline = "39"\nsection = "存在问题"\n', "[[sections]]"),
        ('sections = "存在问题"\n', "sections"),
        ("town = 5\n", "town must be a non-empty string"),
        ('date = "30/12/2019"\n', "date must be a date"),
        ("yaer = 2019\n", "unknown key yaer"),
    ],
    ids=["bare-string", "not-utf8", "year-string", "year-bool", "unknown-section", "line-string",
         "sections-not-array", "town-int", "date-format", "typo-key"],
)
def test_an_invalid_sidecar_skips_its_report(copy_seeds, toml: str | bytes, complaint: str) -> None:
    root = _with_sidecar(copy_seeds, toml)
    skipped = load(root, f"{HONGSHAN}.txt")
    assert isinstance(skipped, Skipped)
    assert skipped.source == f"{HONGSHAN}.txt"
    assert f"{HONGSHAN}.meta.toml" in skipped.reason
    assert complaint in skipped.reason


def test_sidecar_bytes_change_the_hash(copy_seeds) -> None:
    root = copy_seeds(["003"])
    source = f"{HONGSHAN}.txt"
    plain = load(root, source).sha256
    assert fingerprint(root, source) == plain
    sidecar = root / f"{HONGSHAN}.meta.toml"
    sidecar.write_text("year = 2019\n", encoding="utf-8")
    first = load(root, source).sha256
    sidecar.write_text("year = 2019\n# checked\n", encoding="utf-8")
    second = load(root, source).sha256
    assert len({plain, first, second}) == 3
    assert fingerprint(root, source) == second


def test_fingerprint_of_an_unreadable_file_is_none(tmp_path: Path) -> None:
    assert fingerprint(tmp_path, "gone.txt") is None


def test_pipes_and_devices_named_txt_are_skipped_not_read(tmp_path: Path, seeds_dir: Path) -> None:
    import os
    import shutil

    shutil.copy(seeds_dir / "004_788a321da40b58ee.txt", tmp_path / "good.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    found = find_files(tmp_path)
    assert "good.txt" in found
    reasons = {item.source: item.reason for item in found if not isinstance(item, str)}
    assert set(reasons) == {"pipe.txt", "zero.txt"}
    assert "not a regular file" in reasons["pipe.txt"] and "not followed" in reasons["zero.txt"]
    followed = {item.source: item.reason for item in find_files(tmp_path, follow=True) if not isinstance(item, str)}
    assert all("not a regular file" in r for r in followed.values())
