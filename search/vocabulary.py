"""The domain's words that several stages share: sections, kinds, facet fields, aliases, the
about-year rule.

Ingestion writes these values, the index stores them, the engine filters and counts by them and
the renderers print them; the lists and tables they share are read from here, so a facet field
added here is carried through every stage (the rules that assign sections and kinds are
ingest's own, in ingest/rules.py). A report of year Y reviews Y in its 工作总结 and plans
Y+1 in its 工作计划 (2020年工作总结及2021年工作计划): `about_year` is that rule, in one place.
"""

from __future__ import annotations

from typing import Protocol

PLAN_SECTION = "工作计划"
REVIEW_SECTION = "工作总结"
PROBLEM_SECTION = "存在问题"

SECTIONS: tuple[str, ...] = ("前言", "工作总结", "存在问题", "工作计划", "意见建议", "其他")
KINDS: tuple[str, ...] = ("年度总结", "工作计划", "政府工作报告", "阶段总结", "信息公开年报", "新闻报道", "解读",
                          "自查报告", "请示", "述职报告", "讲话", "其他")
"""Annual review (with or without next year's plan), plan only, report to the people's congress,
half-year or quarterly review, government-information annual report; then texts about or beside a
report, which a search for reports should be able to leave out: news of a report or a meeting, an
interpretation of a report, a self-inspection report, a request to higher levels, a personal
述职, a speech; anything else."""
UNKNOWN = "(unknown)"
HEADING_JOIN = " › "
NO_YEAR = 0
FACET_FIELDS: tuple[str, ...] = ("town", "year", "section", "county", "city", "province", "kind", "about_year")
"""Paragraph fields counted as facets and accepted as filters; each is an indexed exact term
and a column of codes beside the segment. Adding a field here carries it through."""
NUMERIC_FACETS: frozenset[str] = frozenset({"year", "about_year"})
"""Facets whose values are integers (ranges apply; a missing value is NO_YEAR)."""
SECTION_ALIASES = {
    "总结": "工作总结", "工作总结": "工作总结", "回顾": "工作总结",
    "问题": "存在问题", "存在问题": "存在问题", "困难": "存在问题",
    "计划": "工作计划", "工作计划": "工作计划", "规划": "工作计划", "打算": "工作计划",
    "建议": "意见建议", "意见": "意见建议", "意见建议": "意见建议",
    "前言": "前言", "其他": "其他",
    "存在的问题": "存在问题", "存在的不足": "存在问题", "问题和不足": "存在问题", "不足": "存在问题",
    "工作回顾": "工作总结", "下一步工作": "工作计划", "下步打算": "工作计划", "工作打算": "工作计划",
    "意见和建议": "意见建议", "其它": "其他",
}
PLACE_FIELDS = ("county", "city", "province")
KIND_ALIASES = {"总结": "年度总结", "年度": "年度总结", "计划": "工作计划", "要点": "工作计划", "报告": "政府工作报告",
                "半年": "阶段总结", "季度": "阶段总结", "信息公开": "信息公开年报", "年报": "信息公开年报",
                "新闻": "新闻报道", "报道": "新闻报道", "图解": "解读", "自查": "自查报告", "申请": "请示",
                "述职": "述职报告", "述职述廉": "述职报告", "发言": "讲话"}
DIVISION_SUFFIXES: tuple[str, ...] = ("街道", "苏木", "镇", "乡")


class Dated(Protocol):
    """A paragraph record as `about_year` reads it: a Paragraph or a Hit, which this module may
    not import (the models depend on the vocabulary, not the other way)."""

    @property
    def year(self) -> int | None: ...

    @property
    def section(self) -> str: ...

    @property
    def about_year(self) -> int | None: ...


def year_spoken_of(section: str, year: int | None, plan_year: int | None) -> int | None:
    """The rule: a plan paragraph speaks of the planned year, any other of the reviewed one (or,
    in a report that reviews nothing, of the planned one)."""
    if section == PLAN_SECTION:
        return plan_year
    return year if year is not None else plan_year


def about_year(record: Dated) -> int | None:
    """The year a paragraph record speaks of: the one ingestion recorded, else the rule, with
    the year after the reviewed one as the planned year."""
    if record.about_year:
        return int(record.about_year)
    if not record.year:
        return None
    return year_spoken_of(record.section, record.year, record.year + 1)
