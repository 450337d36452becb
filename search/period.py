"""Which year a paragraph is about, as opposed to the year its report reviews.

A report of year Y reviews Y in its 工作总结 and plans Y+1 in its 工作计划 (2020年工作总结及
2021年工作计划). When the index records `about_year` per paragraph that value wins; until then it
is derived here, in this one function, so callers never repeat the rule.
"""

from __future__ import annotations

PLAN_SECTION = "工作计划"
REVIEW_SECTION = "工作总结"


def about_year(record: object) -> int | None:
    """The year a paragraph record (anything with `section` and `year`) speaks of."""
    recorded = getattr(record, "about_year", None)
    if recorded:
        return int(recorded)
    year = getattr(record, "year", None)
    if not year:
        return None
    return year + 1 if getattr(record, "section", None) == PLAN_SECTION else year
