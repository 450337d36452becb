"""Filters as a user gives them: values typed for each facet field, from the command line's
options or the web app's URL parameters, made into one `Filters` here, so that both faces accept
the same values and refuse the same ones with the same line.

Every field's values are alternatives; a numeric field (`vocabulary.NUMERIC_FACETS`) takes a year
or a range each time. A field without an attribute of its own in `Filters` filters by exact value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from search.engine.filters import Filters
from search.engine.syntax import year_range
from search.errors import UsageError
from search.vocabulary import NO_YEAR, NUMERIC_FACETS

ATTRIBUTES: dict[str, str] = {
    "town": "towns", "year": "years", "section": "sections", "county": "counties", "city": "cities",
    "province": "provinces", "kind": "kinds", "about_year": "about_years",
}
"""The `Filters` attribute of each facet field that has one."""

Given = str | Sequence[str] | None


def year_span(value: str | None, option: str = "--year") -> tuple[int, int] | None:
    """A year or a range as typed (`2019..2021`, `2019..`, `..2021`, `unknown`); `option` names
    where it was typed in the one line that refuses it."""
    if not value:
        return None
    if value.strip().lower() in ("unknown", "(unknown)"):
        return NO_YEAR, NO_YEAR
    text = value.strip()
    years = year_range(text)
    if years:
        return years
    if len(text) == 4 and text.isdigit():
        return int(text), int(text)
    raise UsageError(f"{option} takes a year or a range like 2019..2021, 2019.. or ..2021, not {value!r}")


def filters_from(values: Mapping[str, Given], option: Callable[[str], str]) -> Filters:
    """The values typed for each facet field as one `Filters`; `option(field)` names the field as
    the user typed it (`--year`, `year=`) in an error."""
    named: dict[str, Any] = {}
    unnamed: list[tuple[str, tuple[str, ...]]] = []
    for field, value in values.items():
        attribute = ATTRIBUTES.get(field)
        if field in NUMERIC_FACETS and attribute:
            spans = [span for span in (year_span(v, option(field)) for v in listed(value)) if span]
            named[attribute] = spans[0] if spans else None
            if spans[1:]:
                named[f"more_{attribute}"] = tuple(spans[1:])
        elif attribute:
            named[attribute] = tuple(listed(value))
        elif value:
            unnamed.append((field, tuple(listed(value))))
    return Filters(**named, fields=tuple(unnamed))


def listed(value: Given) -> list[str]:
    """A field's values as a list: one value, or several alternatives."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
