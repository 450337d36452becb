"""Plans beside outcomes: what a town planned for year Y and what it reported about Y.

The plan side is every 工作计划 paragraph about year Y, whichever report holds it (normally the
report of Y-1); the review side is every 工作总结 paragraph about Y. Which year a paragraph is
about comes from `search.vocabulary.about_year`. Paragraphs that are only a top-level heading
(三、2021年工作计划) are left out.

Each plan item is aligned with the review item that shares the most topic words with it: the
two-character words of each item's headline (its first sentence, and its heading), apart from
the generic words of report prose in `data/generic.txt`. A pair counts as matched when they
share at least MIN_SHARED such words and those make at least MIN_OVERLAP of the smaller set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from search.ingest import HEADING_PATTERNS
from search.models import Hit
from search.normalize import normalize
from search.research.tables import Table
from search.vocabulary import PLAN_SECTION, REVIEW_SECTION, about_year

MIN_SHARED = 2
MIN_OVERLAP = 0.25
HEADLINE_END = "。；;!！?？"
_HAN = re.compile(r"[\u3400-\u9fff]+")


@dataclass(frozen=True)
class Pair:
    plan: Hit
    review: Hit | None
    shared: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class Comparison:
    year: int
    plans: tuple[Hit, ...]
    reviews: tuple[Hit, ...]
    pairs: tuple[Pair, ...]

    @property
    def matched(self) -> int:
        return sum(1 for p in self.pairs if p.review is not None)


def compare(paragraphs: Iterable[Hit], year: int) -> Comparison:
    """Plans for `year` beside reviews of `year`, from paragraph records (Hits) of one town."""
    items = sorted((p for p in paragraphs if not _top_heading(p) and about_year(p) == year),
                   key=lambda p: (p.source, p.line))
    plans = tuple(p for p in items if p.section == PLAN_SECTION)
    reviews = tuple(p for p in items if p.section == REVIEW_SECTION)
    review_topics = [(r, topic(r)) for r in reviews]
    pairs = []
    for plan in plans:
        words = topic(plan)
        best: Pair = Pair(plan, None, (), 0.0)
        for review, other in review_topics:
            shared = words & other
            score = len(shared) / min(len(words), len(other)) if shared else 0.0
            if len(shared) >= MIN_SHARED and score >= MIN_OVERLAP and score > best.score:
                best = Pair(plan, review, tuple(sorted(shared)), round(score, 3))
        pairs.append(best)
    return Comparison(year, plans, reviews, tuple(pairs))


def topic(paragraph: Hit) -> frozenset[str]:
    """Topic words of an item: two-character runs of its headline and heading once numbering
    (一、 (二) 三是) and generic words are cut out."""
    heading = paragraph.heading
    words: set[str] = set()
    for part in (paragraph.text, heading[-1] if heading else ""):
        text = _unnumbered(normalize(part))
        cut = min((i for i in (text.find(ch) for ch in HEADLINE_END) if i >= 0), default=len(text))
        text = _generic_words().sub(" ", text[:cut])
        words.update(run[i:i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1))
    return frozenset(words)


def _unnumbered(text: str) -> str:
    for _level, pattern in HEADING_PATTERNS:
        stripped = re.sub(pattern, "", text, count=1)
        if stripped != text:
            return stripped
    return text


def _top_heading(paragraph: Hit) -> bool:
    heading = paragraph.heading
    return bool(heading) and paragraph.text.strip() == heading[0].strip()


@lru_cache(maxsize=1)
def _generic_words() -> re.Pattern[str]:
    text = resources.files("search").joinpath("data", "generic.txt").read_text(encoding="utf-8")
    words = {normalize(w.strip()) for w in text.splitlines() if w.strip() and not w.startswith("#")}
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


COMPARE_COLUMNS = ("year", "plan_id", "plan_about_year", "plan_text", "review_id", "review_text", "shared", "score")


def table(result: Comparison) -> Table:
    """One row per plan item with its matching review item (empty when none), then one row per
    review item no plan matched."""
    rows: list[tuple[object, ...]] = [(result.year, p.plan.id, about_year(p.plan), p.plan.text,
             p.review.id if p.review else None, p.review.text if p.review else None, list(p.shared), p.score)
            for p in result.pairs]
    paired = {id(p.review) for p in result.pairs if p.review is not None}
    rows += [(result.year, None, None, None, r.id, r.text, [], 0.0)
             for r in result.reviews if id(r) not in paired]
    return Table(COMPARE_COLUMNS, tuple(rows))
