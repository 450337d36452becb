"""The direct posting reader against Whoosh's own matcher, on a tiny index with a deletion."""

from __future__ import annotations

import pytest
from whoosh.filedb.filestore import FileStorage

from search.index import generations as store
from search.index.build import build_index
from search.index.postings import Postings
from support import SEEDS

HEAD_LINES = 8


@pytest.fixture(scope="module")
def reader(tmp_path_factory):  # type: ignore[no-untyped-def]
    corpus = tmp_path_factory.mktemp("corpus")
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").splitlines()[:HEAD_LINES]
        (corpus / seed.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = [f"第{n}项：组织村民召开屋场恳谈会，推进河道保洁工作。" for n in range(1, 400)]
    (corpus / "zz_many.txt").write_text("青石镇2021年工作总结\n" + "\n".join(lines) + "\n", encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    build_index(corpus, index, procs=1)
    first = sorted(corpus.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "新增一段关于河长制的工作内容。\n", encoding="utf-8")
    build_index(corpus, index, procs=1)  # the old copy of `first` is now deleted in its segment
    ix = FileStorage(str(store.current_generation(index).path), supports_mmap=False).open_index()
    with ix.reader() as whole:
        yield whole


def leaves(reader):  # type: ignore[no-untyped-def]
    return [leaf for leaf, _ in reader.leaf_readers()]


@pytest.mark.parametrize("field", ["grams", "words", "source", "town"])
def test_doc_ids_equal_whooshs_matcher_for_every_term(reader, field: str) -> None:  # type: ignore[no-untyped-def]
    assert len(leaves(reader)) == 2 and any(leaf.has_deletions() for leaf in leaves(reader))
    checked = 0
    for leaf in leaves(reader):
        postings = Postings(leaf, field)
        raw_terms = list(leaf.lexicon(field))
        assert raw_terms
        for raw in raw_terms:
            term = raw.decode("utf-8")
            whoosh_ids = list(leaf._terms.matcher(field, raw, leaf.schema[field].format).all_ids())
            assert postings.doc_ids(term) == whoosh_ids
            if field == "grams":
                matcher = leaf._terms.matcher(field, raw, leaf.schema[field].format)
                weights = {}
                while matcher.is_active():
                    weights[matcher.id()] = int(matcher.weight())
                    matcher.next()
                assert postings.doc_counts(term) == weights
            assert postings.doc_frequency(term) == len(whoosh_ids)
            assert term in postings
            live = [d for d in whoosh_ids if d not in leaf.deleted_docs_set]
            assert live == list(leaf.postings(field, term).all_ids())
            checked += 1
    assert checked > 50 or field in ("source", "town")


def test_long_posting_lists_span_several_blocks(reader) -> None:  # type: ignore[no-untyped-def]
    """Whoosh writes 128 postings per block; the reader must follow the chain of blocks."""
    longest = max(Postings(leaf, "grams").doc_frequency("恳谈") for leaf in leaves(reader))
    assert longest > 3 * 128


def test_missing_terms_have_no_postings(reader) -> None:  # type: ignore[no-untyped-def]
    for leaf in leaves(reader):
        postings = Postings(leaf, "grams")
        assert postings.doc_ids("☃☃") == [] and postings.doc_frequency("☃☃") == 0 and "☃☃" not in postings


def test_prefix_terms_equal_whooshs_expansion(reader) -> None:  # type: ignore[no-untyped-def]
    for leaf in leaves(reader):
        postings = Postings(leaf, "grams")
        for prefix in ("镇", "工", "2", "。", "乡村"):
            expected = [t if isinstance(t, str) else t.decode("utf-8") for t in leaf.expand_prefix("grams", prefix)]
            assert list(postings.with_prefix(prefix)) == expected
