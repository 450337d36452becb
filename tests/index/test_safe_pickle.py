"""Opening an index never runs code from it: a crafted pickle in each place Whoosh reads one is
refused before it runs, named in one line with the command that repairs the index."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from whoosh.filedb.structfile import StructFile

from search.engine.searcher import open_index
from search.errors import SearchError, UnsafeIndex
from search.index import generations as store, integrity, safepickle
from search.index.build import build_index
from search.index.reader import open_generation
from search.index.safepickle import Refused, SafeUnpickler
from search.index.segment_writer import SegmentBuilder
from search.testing import write_reports
from support import SEEDS

REPORTS = {
    "qx2021.txt": "青溪镇2021年工作总结\n一、2021年工作总结\n全镇召开屋场恳谈会十八场,收集意见六十条。\n"
                  "二、存在的问题\n河长制巡河记录还不完整。\n",
    "bs2022.txt": "白石乡2022年工作计划\n一、2022年工作计划\n继续召开屋场恳谈会,推行河长制。\n",
}
QUERIES = ("屋场恳谈会", "河长制", '"召开 屋场恳谈会"', "恳谈 OR 巡河", "town:青溪镇 意见")


class Payload:
    """Pickles as a call that creates `marker`: what a crafted index would run as it is opened."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[str]]:
        return exec, (f"open({str(self.marker)!r}, 'w').close()",)


class PayloadBytes(bytes):
    """A `Payload` that passes Whoosh's check that a posting's value is bytes."""

    marker: Path

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[str]]:
        return Payload(self.marker).__reduce__()


def payload_bytes(marker: Path) -> PayloadBytes:
    value = PayloadBytes(b"\x00")
    value.marker = marker
    return value


def evil(marker: Path, protocol: int = pickle.HIGHEST_PROTOCOL) -> bytes:
    return pickle.dumps(Payload(marker), protocol)


@pytest.fixture()
def index(tmp_path: Path) -> Path:
    root = tmp_path / "index"
    build_index(write_reports(tmp_path / "corpus", REPORTS), root, procs=1)
    return root


@pytest.fixture()
def marker(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "ran"
    yield path
    assert not path.exists(), "a pickle of the index ran code"


def live(root: Path) -> Path:
    return store.current_generation(root).path


def toc(root: Path) -> Path:
    (found,) = live(root).glob("_MAIN_*.toc")
    return found


def segment(root: Path) -> Path:
    (found,) = live(root).glob("MAIN_*.seg")
    return found


def rewrite_toc(path: Path, schema: bytes | None = None, segments: bytes | None = None,
                version: int | None = None) -> None:
    """The table of contents with its schema pickle, segment-list pickle or format version replaced."""
    source = StructFile(io.BytesIO(path.read_bytes()))
    sizes = [source.read_varint() for _ in range(3)]
    check, found_version = source.read_int(), source.read_int()
    release = [source.read_varint() for _ in range(3)]
    found_schema = source.read_string()
    generation, unused = source.read_int(), source.read_int()
    found_segments = source.read()
    out = io.BytesIO()
    target = StructFile(out)
    for n in sizes:
        target.write_varint(n)
    target.write_int(check)
    target.write_int(found_version if version is None else version)
    for n in release:
        target.write_varint(n)
    target.write_string(found_schema if schema is None else schema)
    target.write_int(generation)
    target.write_int(unused)
    target.write(found_segments if segments is None else segments)
    path.write_bytes(out.getvalue())
    reseal(path.parent)


def rewrite_directory(path: Path, directory: bytes) -> None:
    """The compound segment file with its directory (a pickle at the offset its first 8 bytes give) replaced."""
    data = path.read_bytes()
    offset = StructFile(io.BytesIO(data)).read_long()
    path.write_bytes(data[:offset] + directory + pickle.dumps({}))
    reseal(path.parent)


def reseal(generation: Path) -> None:
    """The generation's checksums recomputed, as whoever crafts an index would: the checksums find
    damage, not intent, so the allow-list must hold on its own."""
    recorded = integrity.read_manifest(generation) or {}
    (generation / store.CHECKSUMS).write_text(integrity.manifest(generation, None, recorded.get("corpus")),
                                              encoding="utf-8")


def build_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: Any, name: str,
               replacement: Callable[..., Any]) -> Path:
    """An index built as usual except that `target.name` is `replacement` while it is written."""
    with monkeypatch.context() as patch:
        patch.setattr(target, name, replacement)
        return build_with_reports(tmp_path)


def build_with_reports(tmp_path: Path) -> Path:
    root = tmp_path / "crafted"
    build_index(write_reports(tmp_path / "corpus", REPORTS), root, procs=1)
    return root


def crafted_stored_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: Path) -> Path:
    add = SegmentBuilder.add

    def with_payload(self: SegmentBuilder, row: Any, stored: dict[str, object], *rest: Any) -> None:
        add(self, row, {**stored, "heading": Payload(marker)}, *rest)

    return build_with(tmp_path, monkeypatch, SegmentBuilder, "add", with_payload)


def crafted_positions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: Path) -> Path:
    from whoosh.formats import Positions

    return build_with(tmp_path, monkeypatch, Positions, "encode", lambda self, positions: payload_bytes(marker))


# ---------------------------------------------------------------- the unpickler


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_the_payload_runs_under_plain_pickle_and_not_under_the_allow_list(tmp_path: Path, protocol: int) -> None:
    marker = tmp_path / "ran"
    pickle.loads(evil(marker, protocol))
    assert marker.exists()
    marker.unlink()
    with pytest.raises(Refused, match="builtins.exec"):
        safepickle.loads(evil(marker, protocol))
    assert not marker.exists()


CALLING_OPCODES = {
    "GLOBAL+REDUCE": b"cos\nsystem\n(S'true'\ntR.",
    "STACK_GLOBAL+REDUCE": b"\x80\x04\x8c\x02os\x8c\x06system\x93\x8c\x04true\x85R.",
    "INST": b"(S'true'\nios\nsystem\n.",
    "OBJ": b"(cos\nsystem\nS'true'\no.",
    "NEWOBJ": b"\x80\x02cbuiltins\nobject\n)\x81.",
    "NEWOBJ_EX": b"\x80\x04\x8c\x08builtins\x8c\x06object\x93)}\x92.",
    "BUILD": b"\x80\x02cbuiltins\nobject\n)\x81}b.",
    "Python 2 name": b"c__builtin__\neval\n(S'1'\ntR.",
}


@pytest.mark.parametrize("data", CALLING_OPCODES.values(), ids=CALLING_OPCODES.keys())
def test_every_opcode_that_calls_needs_an_allowed_name(data: bytes) -> None:
    with pytest.raises(Refused):
        safepickle.loads(data)


def test_bytes_come_back_as_protocol_2_writes_them() -> None:
    assert safepickle.loads(pickle.dumps([b"\x00\xff", b"ab"], 2)) == [b"\x00\xff", b"ab"]


def test_persistent_ids_are_refused() -> None:
    with pytest.raises(pickle.UnpicklingError):
        SafeUnpickler(io.BytesIO(b"Pabc\n.")).load()


# ---------------------------------------------------------------- each place a pickle lies


def test_a_schema_that_would_run_code_is_refused_naming_the_table_of_contents(index: Path, marker: Path) -> None:
    rewrite_toc(toc(index), schema=evil(marker, 2))
    with pytest.raises(UnsafeIndex, match=f"{toc(index)} holds a pickle that would load builtins.exec"), \
            open_index(index):
        pass


def test_a_segment_list_that_would_run_code_is_refused(index: Path, marker: Path) -> None:
    rewrite_toc(toc(index), segments=evil(marker))
    with pytest.raises(UnsafeIndex, match=str(toc(index))), open_index(index):
        pass


def test_whoosh_1_tables_of_contents_are_not_read_with_their_unrestricted_unpickler(index: Path,
                                                                                   marker: Path) -> None:
    rewrite_toc(toc(index), schema=evil(marker, 2), version=-110)
    with pytest.raises(SearchError, match="damaged"), open_index(index):
        pass


def test_a_segment_directory_that_would_run_code_is_refused_naming_the_segment(index: Path, marker: Path) -> None:
    rewrite_directory(segment(index), evil(marker))
    with pytest.raises(UnsafeIndex, match=str(segment(index))), open_index(index):
        pass


def test_stored_fields_that_would_run_code_are_refused_when_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 marker: Path) -> None:
    root = crafted_stored_fields(tmp_path, monkeypatch, marker)
    with open_index(root) as opened, pytest.raises(UnsafeIndex, match=str(segment(root))):
        opened.search("屋场恳谈会")


def test_posting_lists_that_would_run_code_are_refused_inlined_or_in_blocks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: Path) -> None:
    root = crafted_positions(tmp_path, monkeypatch, marker)
    with open_generation(root) as (_, leaves):
        words = leaves[0].postings("words")
        for term in ("屋场", "青溪镇"):  # in both reports (a block), in one (inlined with its term)
            with pytest.raises(UnsafeIndex, match=str(segment(root))):
                words.doc_counts(term)


def test_an_incremental_build_refuses_and_a_full_one_repairs(index: Path, tmp_path: Path, marker: Path) -> None:
    with open_index(index) as opened:
        before = [opened.search(q).hits for q in QUERIES]
    rewrite_toc(toc(index), schema=evil(marker, 2))
    corpus = tmp_path / "corpus"
    (corpus / "xs2023.txt").write_text("新市镇2023年工作总结\n一、2023年工作总结\n召开屋场恳谈会。\n", encoding="utf-8")
    with pytest.raises(UnsafeIndex, match=f"{toc(index)}.*search index --full --index {index.resolve()}"):
        build_index(corpus, index, procs=1)
    (corpus / "xs2023.txt").unlink()
    build_index(corpus, index, full=True, procs=1)
    with open_index(index) as opened:
        assert [opened.search(q).hits for q in QUERIES] == before


# ---------------------------------------------------------------- the command line


def query(root: Path, *terms: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "search", "query", *terms, "--index", str(root)],
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_command_prints_one_line_naming_the_file_and_the_repair(tmp_path: Path, index: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    marker: Path) -> None:
    rewrite_toc(toc(index), schema=evil(marker, 2))
    crafted = crafted_stored_fields(tmp_path, monkeypatch, marker)
    for root, file in ((index, toc(index)), (crafted, segment(crafted))):
        run = query(root, "屋场恳谈会")
        assert run.returncode == 1 and run.stdout == ""
        (line,) = run.stderr.splitlines()
        assert line.startswith(f"Error: {file} holds a pickle that would load builtins.exec")
        assert f"`search index --full --index {root.resolve()}`" in line


# ---------------------------------------------------------------- a genuine index


def test_whoosh_reads_pickles_only_through_the_allow_list() -> None:
    loaded = [m for name, m in sys.modules.items() if name.startswith("whoosh") and m is not None]
    raw = {m.__name__ for m in loaded for v in vars(m).values() if v is pickle.loads or v is pickle.load
           or v is pickle}
    assert raw <= {"whoosh.util.loading"}  # only Whoosh 1.x's loader uses it, and that loader is gone
    from whoosh.index import toc_loaders

    assert not toc_loaders


def test_a_genuine_index_answers_as_under_plain_pickle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "seeds-index"
    build_index(SEEDS, root, procs=1)
    queries = ("屋场恳谈会", "脱贫攻坚", '"工作总结"', "河长制 OR 垃圾分类", "乡村振兴 -产业")

    def answers() -> list[tuple[int, list[tuple[str, float]]]]:
        with open_index(root) as opened:
            return [(r.total, [(h.id, h.score) for h in r.hits]) for r in (opened.search(q, limit=50) for q in queries)]

    safe = answers()
    with monkeypatch.context() as patch:
        for module, name, replacement in safepickle.REBOUND:
            plain = pickle if replacement is safepickle.PICKLE else getattr(pickle, replacement.__name__)
            patch.setattr(import_module(module), name, plain)
        assert answers() == safe
    assert sum(total for total, _ in safe) > 0
