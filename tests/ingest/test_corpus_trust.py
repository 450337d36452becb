"""The corpus walk loses nothing and trusts nothing: links, sidecar values, unreadable files and
folders, file names that are not UTF-8, and files that change while the corpus is read."""

from __future__ import annotations

import datetime
import errno
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.engine.searcher import open_index
from search.index import build as indexer
from search.index.build import build_index
from search.ingest import corpus as corpus_module
from search.ingest.corpus import (
    BAD_NAME,
    LINK_NOT_FOLLOWED,
    NOT_REGULAR,
    SIDECAR_FIRST_YEAR,
    SIDECAR_MAX_CHARS,
    SIDECAR_YEARS_AHEAD,
    find_files,
    fingerprint,
    load,
    read_file,
)
from search.models import RawFile, Skipped

SECRET = "机密文件内容不应进入索引"


def report(town: str, year: int = 2021) -> str:
    """A short report of our own: a title naming the town and year, two sections."""
    return (f"{town}{year}年工作总结\n"
            f"一、{year}年工作回顾\n"
            f"{year}年，{town}围绕产业发展和民生保障开展工作，新修村道八公里，改造危房二十户。\n"
            f"二、{year + 1}年工作打算\n"
            f"{year + 1}年，{town}将继续推进人居环境整治，办好十件民生实事。\n")


def corpus_of(root: Path, count: int = 2) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (root / f"r{number:02d}.txt").write_text(report(f"青石{number}镇"), encoding="utf-8")
    return root


def skipped_of(items: list[str | Skipped]) -> dict[str, str]:
    return {item.source: item.reason for item in items if isinstance(item, Skipped)}


# 3. Symbolic links are named and not followed unless asked


def test_links_to_files_and_folders_are_named_and_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    corpus = corpus_of(tmp_path / "corpus")
    (corpus / "x.txt").symlink_to(outside / "secret.txt")
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    found = find_files(corpus)
    assert [item for item in found if isinstance(item, str)] == ["r00.txt", "r01.txt"]
    assert skipped_of(found) == {"linked": LINK_NOT_FOLLOWED, "x.txt": LINK_NOT_FOLLOWED}
    followed = find_files(corpus, follow=True)
    assert [item for item in followed if isinstance(item, str)] == ["linked/secret.txt", "r00.txt", "r01.txt", "x.txt"]


def test_a_build_does_not_index_what_a_link_points_to_unless_follow(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(report("机密镇") + SECRET + "\n", encoding="utf-8")
    corpus = corpus_of(tmp_path / "corpus")
    (corpus / "x.txt").symlink_to(tmp_path / "secret.txt")
    built = build_index(corpus, tmp_path / "index", procs=1)
    assert built.indexed == ("r00.txt", "r01.txt")
    assert [(s.source, s.reason) for s in built.skipped] == [("x.txt", LINK_NOT_FOLLOWED)]
    with open_index(tmp_path / "index") as index:
        assert index.search("机密文件").total == 0
    followed = build_index(corpus, tmp_path / "index", procs=1, follow=True)
    assert followed.indexed == ("x.txt",)
    with open_index(tmp_path / "index") as index:
        assert index.search("机密文件").total == 1


def test_a_followed_link_back_to_a_folder_above_is_named_not_walked_forever(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    found = find_files(corpus, follow=True)
    assert [item for item in found if isinstance(item, str)] == ["r00.txt", "r01.txt"]
    assert list(skipped_of(found)) == ["sub/loop"]


def test_a_sidecar_that_is_a_link_is_refused_unless_follow(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus")
    (tmp_path / "elsewhere.toml").write_text('town = "外地镇"\n', encoding="utf-8")
    (corpus / "r00.meta.toml").symlink_to(tmp_path / "elsewhere.toml")
    refused = load(corpus, "r00.txt")
    assert isinstance(refused, Skipped) and refused.sidecar and "symbolic link" in refused.reason
    followed = load(corpus, "r00.txt", follow=True)
    assert isinstance(followed, RawFile) and followed.overrides.town == "外地镇"


def test_a_file_swapped_for_a_link_or_a_pipe_after_listing_is_not_read_through(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (corpus / "r00.txt").unlink()
    (corpus / "r00.txt").symlink_to(tmp_path / "secret.txt")
    os.mkfifo(corpus / "r01.txt.tmp")
    (corpus / "r01.txt").unlink()
    (corpus / "r01.txt.tmp").rename(corpus / "r01.txt")
    swapped = read_file(corpus / "r00.txt", "r00.txt")
    assert isinstance(swapped, Skipped) and swapped.reason == LINK_NOT_FOLLOWED
    piped = read_file(corpus / "r01.txt", "r01.txt")
    assert isinstance(piped, Skipped) and "not a regular file" in piped.reason


def test_index_follow_option(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(report("机密镇") + SECRET + "\n", encoding="utf-8")
    corpus = corpus_of(tmp_path / "corpus")
    (corpus / "x.txt").symlink_to(tmp_path / "secret.txt")
    runner = CliRunner()
    plain = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert plain.exit_code == 0, plain.output
    assert "2 indexed" in plain.stdout and "1 skipped" in plain.stdout
    assert f"Warning: skipped x.txt: {LINK_NOT_FOLLOWED}" in plain.stderr.splitlines()
    followed = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--follow"])
    assert followed.exit_code == 0 and "1 indexed" in followed.stdout



# 6. Sidecar values are bounded: lengths and plausible years, one line when refused

LAST_YEAR = datetime.date.today().year + SIDECAR_YEARS_AHEAD


@pytest.mark.parametrize("text", [
    "year = 99999999999999999999",
    "year = -5",
    f"year = {SIDECAR_FIRST_YEAR - 1}",
    f"year = {LAST_YEAR + 1}",
    "date = 0001-01-01",
    f'title = "{"长" * (SIDECAR_MAX_CHARS["title"] + 1)}"',
    f'town = "{"镇" * (SIDECAR_MAX_CHARS["town"] + 1)}"',
    'title = """第一行\n第二行"""',
    "[[sections]]\nline = 99999999999999999999\nsection = \"存在问题\"",
])
def test_an_implausible_sidecar_value_is_refused_in_one_line(tmp_path: Path, text: str) -> None:
    corpus = corpus_of(tmp_path / "corpus")
    (corpus / "r00.meta.toml").write_text(text + "\n", encoding="utf-8")
    refused = load(corpus, "r00.txt")
    assert isinstance(refused, Skipped) and refused.sidecar
    assert refused.reason.startswith("r00.meta.toml: ") and "\n" not in refused.reason and len(refused.reason) < 200


def test_the_bounds_themselves_are_accepted(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus")
    title = "题" * SIDECAR_MAX_CHARS["title"]
    (corpus / "r00.meta.toml").write_text(f'year = {SIDECAR_FIRST_YEAR}\ntitle = "{title}"\n', encoding="utf-8")
    (corpus / "r01.meta.toml").write_text(f"year = {LAST_YEAR}\n", encoding="utf-8")
    first, last = load(corpus, "r00.txt"), load(corpus, "r01.txt")
    assert isinstance(first, RawFile) and first.overrides.year == SIDECAR_FIRST_YEAR and first.overrides.title == title
    assert isinstance(last, RawFile) and last.overrides.year == LAST_YEAR


def test_a_huge_sidecar_is_refused_without_being_parsed(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus")
    (corpus / "r00.meta.toml").write_text('title = "' + "长" * 7_000_000 + '"\n', encoding="utf-8")
    refused = load(corpus, "r00.txt")
    assert isinstance(refused, Skipped) and refused.sidecar and "larger than" in refused.reason


def test_a_refused_sidecar_keeps_the_last_good_version_and_fails_the_run(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus")
    index = tmp_path / "index"
    (corpus / "r00.meta.toml").write_text("year = 2020\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(index)]).exit_code == 0
    (corpus / "r00.meta.toml").write_text("year = 99999999999999999999\n", encoding="utf-8")
    result = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(index)])
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "r00" in line] == [
        f"Error: r00.txt: r00.meta.toml: year must be from {SIDECAR_FIRST_YEAR} to {LAST_YEAR} (not 999999999999…); "
        "its previous version stays indexed until the sidecar is fixed"]
    with open_index(index) as opened:
        assert {row["source"]: row["year"] for row in opened.documents()}["r00.txt"] == 2020


# 12. A file or folder that cannot be read keeps its last good version, is named, and fails the run

SCRIPT = Path(sys.executable).with_name("search")
SEARCH = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "search"]


def refuse_reading(monkeypatch: pytest.MonkeyPatch, names: set[str]) -> None:
    """What chmod 000 does for a user without root's override: opening the file fails."""
    real = corpus_module._open_regular

    def denied(path: Path, follow: bool = True) -> int:
        if Path(path).name in names:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, follow)

    monkeypatch.setattr(corpus_module, "_open_regular", denied)


def test_unreadable_reports_keep_their_last_version_and_fail_the_run(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = corpus_of(tmp_path / "corpus", 8)
    index = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(index)]).exit_code == 0
    unreadable = {f"r{n:02d}.txt" for n in range(6)}
    for name in unreadable:  # touched, so the build reads them again rather than trusting their stat
        (corpus / name).write_text(report("改过镇"), encoding="utf-8")
    refuse_reading(monkeypatch, unreadable)
    result = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(index)])
    assert result.exit_code == 1
    assert "0 removed" in result.stdout and "6 kept at their previous version" in result.stdout
    named = [line for line in result.stderr.splitlines() if "could not be read (Permission denied)" in line]
    assert sorted(line.split(":")[1].strip() for line in named) == sorted(unreadable)
    with open_index(index) as opened:
        assert len(opened.documents()) == 8 and opened.search("改过镇").total == 0


def test_a_report_unreadable_on_its_first_build_is_named_and_fails_the_run(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = corpus_of(tmp_path / "corpus", 3)
    refuse_reading(monkeypatch, {"r01.txt"})
    result = CliRunner().invoke(app, ["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert result.exit_code == 1 and "2 indexed" in result.stdout
    assert "Error: skipped r01.txt: could not be read (Permission denied)" in result.stderr.splitlines()


def test_a_folder_that_cannot_be_listed_keeps_its_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = corpus_of(tmp_path / "corpus", 2)
    (corpus / "sub").mkdir()
    for number in range(3):
        (corpus / "sub" / f"s{number}.txt").write_text(report(f"深处{number}镇"), encoding="utf-8")
    index = tmp_path / "index"
    build_index(corpus, index, procs=1)
    real = os.scandir

    def denied(path):  # type: ignore[no-untyped-def]
        if not isinstance(path, int) and Path(path).name == "sub":  # an int: a descriptor (the build's cleanup)
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", denied)
    found = find_files(corpus)
    assert skipped_of(found) == {"sub/": "a folder that could not be listed (Permission denied)"}
    (corpus / "r00.txt").write_text(report("新来镇"), encoding="utf-8")
    built = build_index(corpus, index, procs=1)
    assert built.removed == () and built.indexed == ("r00.txt",)
    assert [s.source for s in built.kept] == ["sub/s0.txt", "sub/s1.txt", "sub/s2.txt"]
    with open_index(index) as opened:
        assert opened.search("深处1镇").total > 0


def test_unreadable_files_and_folders_in_a_real_run(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus", 4)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "s0.txt").write_text(report("深处镇"), encoding="utf-8")
    index = tmp_path / "index"
    assert subprocess.run([*SEARCH, "index", "--corpus", str(corpus), "--index", str(index)],
                          capture_output=True, timeout=120).returncode == 0
    for name in ("r00.txt", "r01.txt", "r02.txt"):
        (corpus / name).chmod(0)
    (corpus / "sub").chmod(0)
    try:
        done = subprocess.run([*as_plain_user(), *SEARCH, "index", "--corpus", str(corpus), "--index", str(index)],
                              capture_output=True, text=True, timeout=120)
    finally:
        (corpus / "sub").chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "0 removed" in done.stdout and "4 kept at their previous version" in done.stdout
    assert "Error: skipped sub/: a folder that could not be listed (Permission denied)" in done.stderr.splitlines()


def as_plain_user() -> list[str]:
    """Root reads whatever its mode: a run without the override capabilities, as chmod 000 means
    for every other user (skipped where the capabilities cannot be dropped)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    drop = [setpriv, "--bounding-set=-dac_override,-dac_read_search"] if setpriv else []
    if not drop or subprocess.run([*drop, "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root, and the capabilities that let root read anything cannot be dropped")
    return [str(part) for part in drop]


# 13. A file name that is not UTF-8 is named, escaped, and the rest is indexed


def test_names_that_are_not_utf8_are_skipped_and_named_escaped(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus", 2)
    (corpus / os.fsdecode(b"bad\xff.txt")).write_text(report("乱码镇"), encoding="utf-8")
    folder = corpus / os.fsdecode(b"dir\xfe")
    folder.mkdir()
    (folder / "inside.txt").write_text(report("乱码镇"), encoding="utf-8")
    result = CliRunner().invoke(app, ["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert "2 indexed" in result.stdout and "2 skipped" in result.stdout
    warnings = result.stderr.splitlines()
    assert f"Warning: skipped bad\\xff.txt: {BAD_NAME}" in warnings
    assert f"Warning: skipped dir\\xfe/: {BAD_NAME}: nothing in it was read" in warnings
    with open_index(tmp_path / "index") as index:
        assert index.search("乱码镇").total == 0 and index.search("青石0镇").total > 0


def test_a_corpus_path_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / os.fsdecode(b"c\xff"), 1)
    result = CliRunner().invoke(app, ["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"Error: the corpus path {tmp_path}/c\\xff is not valid UTF-8, and the index records it; "
        "rename the folder and run `search index` again"]


# A file that disappears or changes between listing and reading is named, not a traceback


def test_a_file_turned_into_a_pipe_after_listing_is_not_waited_on(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus", 1)
    (corpus / "r00.txt").unlink()
    os.mkfifo(corpus / "r00.txt")
    answer: list[str | None] = []
    reader = threading.Thread(target=lambda: answer.append(fingerprint(corpus, "r00.txt")), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # let the blocked open go before failing
        os.close(os.open(corpus / "r00.txt", os.O_WRONLY | os.O_NONBLOCK))
    assert answer == [None]


def test_files_changed_while_a_build_reads_them_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = corpus_of(tmp_path / "corpus", 4)
    index = tmp_path / "index"
    build_index(corpus, index, procs=1)
    for path in corpus.iterdir():
        path.write_text(report("改过镇"), encoding="utf-8")
    real = indexer.fingerprint

    def then_changed(root: Path, source: str) -> str | None:
        sha = real(root, source)
        if source == "r00.txt":
            (root / source).unlink()
            (root / source).mkdir()
        elif source == "r01.txt":
            (root / source).unlink()
            os.mkfifo(root / source)
        elif source == "r02.txt":
            (root / source).unlink()
        return sha

    monkeypatch.setattr(indexer, "fingerprint", then_changed)
    built = build_index(corpus, index, procs=1)
    reasons = {item.source: item.reason for item in built.skipped}
    assert reasons == {"r00.txt": NOT_REGULAR, "r01.txt": NOT_REGULAR,
                       "r02.txt": "could not be read (gone since the corpus was listed)"}
    assert built.indexed == ("r03.txt",) and set(built.removed) == {"r00.txt", "r01.txt", "r02.txt"}
