"""Plans beside outcomes: what a town planned for year Y and what it reported about Y.

The plan side is every 工作计划 paragraph about year Y, whichever report holds it (normally the
report of Y-1); the review side is every 工作总结 paragraph about Y, and the problem side every
存在问题 paragraph about Y. Which year a paragraph is about comes from
`search.vocabulary.about_year`. Paragraphs that are only a top-level heading (三、2021年工作计划)
are left out.

Items are compared whole, by words: the dictionary words (two characters or more, Chinese only)
of the item's text and of its heading, apart from the generic words of report prose in
`data/generic.txt`. A review mentions a plan's work in its own sentences, seldom in its first,
and character pairs would match across word boundaries (茶叶产业 → 叶产), so whole items and real
words. Each plan keeps its best candidate review item and the score of that pair: the shared
words over the geometric mean of the two items' word counts (the cosine of the two word sets), so
that neither a one-line heading nor a long item meets everything; the pair counts as met when
they share at least MIN_SHARED words and score at least MIN_OVERLAP. A plan no review meets is looked for among the
problem paragraphs, by the same rule: a town often explains there what it did not do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from search.ingest import HEADING_PATTERNS, words
from search.models import Hit
from search.normalize import normalize
from search.research.tables import Table
from search.vocabulary import PLAN_SECTION, PROBLEM_SECTION, REVIEW_SECTION, about_year

MIN_SHARED = 2
MIN_OVERLAP = 0.2
_HAN_WORD = re.compile(r"[\u3400-\u9fff]{2,}")


@dataclass(frozen=True)
class Pair:
    """A plan item and its best candidate review item (None when no review shares a word)."""

    plan: Hit
    candidate: Hit | None
    shared: tuple[str, ...]
    score: float
    met: bool

    @property
    def review(self) -> Hit | None:
        """The review item that meets the plan, if the best candidate does."""
        return self.candidate if self.met else None


@dataclass(frozen=True)
class Mention:
    """A problem paragraph that speaks of a plan no review item meets."""

    plan: Hit
    problem: Hit
    shared: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class Comparison:
    year: int
    plans: tuple[Hit, ...]
    reviews: tuple[Hit, ...]
    pairs: tuple[Pair, ...]
    problems: tuple[Hit, ...] = ()
    mentions: tuple[Mention, ...] = ()

    @property
    def matched(self) -> int:
        return sum(1 for p in self.pairs if p.met)


def compare(paragraphs: Iterable[Hit], year: int) -> Comparison:
    """Plans for `year` beside reviews of `year`, from paragraph records (Hits) of one town."""
    items = sorted((p for p in paragraphs if not _top_heading(p) and about_year(p) == year),
                   key=lambda p: (p.source, p.line))
    plans = tuple(p for p in items if p.section == PLAN_SECTION)
    reviews = tuple(p for p in items if p.section == REVIEW_SECTION)
    problems = tuple(p for p in items if p.section == PROBLEM_SECTION)
    pairs = tuple(_best(plan, reviews) for plan in plans)
    mentions = tuple(mention for pair in pairs if not pair.met
                     for mention in _mentions(pair.plan, problems))
    return Comparison(year, plans, reviews, pairs, problems, mentions)


def _best(plan: Hit, reviews: Sequence[Hit]) -> Pair:
    words_of_plan = topic(plan)
    best = Pair(plan, None, (), 0.0, False)
    for review in reviews:
        shared, score = _overlap(words_of_plan, topic(review))
        if shared and (score, len(shared)) > (best.score, len(best.shared)):
            best = Pair(plan, review, shared, score, _meets(shared, score))
    return best


def _mentions(plan: Hit, problems: Sequence[Hit]) -> list[Mention]:
    words_of_plan = topic(plan)
    found = []
    for problem in problems:
        shared, score = _overlap(words_of_plan, topic(problem))
        if _meets(shared, score):
            found.append(Mention(plan, problem, shared, score))
    return found


def _overlap(one: frozenset[str], other: frozenset[str]) -> tuple[tuple[str, ...], float]:
    shared = one & other
    if not shared:
        return (), 0.0
    return tuple(sorted(shared)), round(len(shared) / math.sqrt(len(one) * len(other)), 3)


def _meets(shared: Sequence[str], score: float) -> bool:
    return len(shared) >= MIN_SHARED and score >= MIN_OVERLAP


def topic(paragraph: Hit) -> frozenset[str]:
    """Topic words of a whole item and its heading, numbering (一、 (二) 三是) and generic words
    left out."""
    return _topic(paragraph.text, paragraph.heading[-1] if paragraph.heading else "")


@lru_cache(maxsize=4096)
def _topic(text: str, heading: str) -> frozenset[str]:
    found: set[str] = set()
    generic = _generic_words()
    for part in (text, heading):
        for word in words(_unnumbered(normalize(part))):
            if _HAN_WORD.fullmatch(word) and word not in generic:
                found.add(word)
    return frozenset(found)


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
def _generic_words() -> frozenset[str]:
    text = resources.files("search").joinpath("data", "generic.txt").read_text(encoding="utf-8")
    return frozenset(normalize(w.strip()) for w in text.splitlines() if w.strip() and not w.startswith("#"))


COMPARE_COLUMNS = ("year", "plan_id", "plan_about_year", "plan_text", "review_id", "review_text", "shared", "score",
                   "met", "problem_ids")


def table(result: Comparison) -> Table:
    """One row per plan item with its best candidate review item (met or not, null when no
    review shares a word) and the problem paragraphs that mention it, then one row per review
    item no plan met."""
    problems: dict[str, list[str]] = {}
    for mention in result.mentions:
        problems.setdefault(mention.plan.id, []).append(mention.problem.id)
    rows: list[tuple[object, ...]] = [
        (result.year, p.plan.id, about_year(p.plan), p.plan.text,
         p.candidate.id if p.candidate else None, p.candidate.text if p.candidate else None,
         list(p.shared), p.score, p.met, problems.get(p.plan.id, []))
        for p in result.pairs]
    met = {id(p.candidate) for p in result.pairs if p.met}
    rows += [(result.year, None, None, None, r.id, r.text, [], 0.0, False, [])
             for r in result.reviews if id(r) not in met]
    return Table(COMPARE_COLUMNS, tuple(rows))
