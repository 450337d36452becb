"""Shared test helpers: a seeds index built once per session in a temp folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project's root: tests in the package folders below reach README, seeds and fixtures from it."""
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"


def build_seeds_index(target: Path) -> Path:
    from search.index.build import build_index

    build_index(SEEDS, target, procs=1)
    return target


def seed_paragraphs():  # type: ignore[no-untyped-def]
    from search.ingest.document import parse_corpus
    from search.models import Document

    return [p for d in parse_corpus(SEEDS) if isinstance(d, Document) for p in d.paragraphs]
