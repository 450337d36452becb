"""A report's town and its place: which official division the report speaks for.

A town is an official name from the gazetteer found in the strong positions of a page (title,
breadcrumb, site metadata, signature) or, failing those, named repeatedly in its text. A name
shared by several divisions is placed by the county, city or province the page names; a tie
leaves the county empty rather than guessing. A name not in the gazetteer is accepted only from
a strong position, and marked unchecked. Placeholders (我镇, XX镇, *镇) never name a town. A
report without an official town is placed by the county, city or province its text names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from search.ingest import patterns as P, rules as R
from search.ingest.gazetteer import Division, Gazetteer, Region, division_suffix, load
from search.ingest.places import region_names
from search.ingest.wordcut import word_frequency, word_starts
from search.models import Line
from search.normalize import normalize, without_pinyin

_UNLISTED = [re.compile(p) for p in R.TOWN_UNLISTED]
_PUBLISHER = re.compile(R.PUBLISHER_LABEL)
_SUPPORT = [(suffix, re.compile(p)) for suffix, p in R.SUFFIX_SUPPORT]
_YEAR_START = re.compile(r"^(?:关于)?([\u4e00-\u9fff]{2,6}?)(?:(?:19|20)\d\d|二[〇零○0])")
_COUNTY_PREFIX = re.compile(r"^.*[县市区旗]")
_SUBJECT_NEXT = re.compile(f"[{''.join(sorted(R.BARE_NAME_SUBJECT_NEXT))}]")
_OTHER_TOWN_BEFORE = re.compile(R.OTHER_TOWN_BEFORE + "$")
_ORG_PREFIX = re.compile(R.TOWN_ORG_PREFIX)
_OTHER_TOWN_AFTER = re.compile(R.OTHER_TOWN_AFTER)
_OTHER_PLACE_BEFORE = re.compile(R.OTHER_TOWN_BEFORE + R.OTHER_PLACE_BETWEEN + "$")


@dataclass(frozen=True)
class Place:
    town: str = ""
    county: str = ""
    city: str = ""
    province: str = ""
    code: str = ""
    checked: bool = False


NO_PLACE = Place()


def find_place(content: tuple[Line, ...], boilerplate: tuple[Line, ...], title: str | None,
               override: str | None = None, site_titles: tuple[str, ...] = ()) -> Place:
    """The town a report speaks for, with its county, city, province and code when certain."""
    gazetteer = load()
    body = [without_pinyin(normalize(line.text)) for line in content]
    extra = [without_pinyin(normalize(line.text)) for line in boilerplate]
    evidence = "\n".join(extra + body)
    titled = without_pinyin(normalize(title)) if title else None
    strong = _strong_texts(body, extra, titled) + [without_pinyin(text) for text in site_titles]
    if override:
        place = _placed(gazetteer, normalize(override), evidence, unlisted_ok=True)
    else:
        place = _find_town(gazetteer, body, strong, evidence)
    return place if place.checked else _regional(gazetteer, place, strong, extra + body)


def _find_town(gazetteer: Gazetteer, body: list[str], strong: list[str], evidence: str) -> Place:
    """Strong positions first; their own name at its full extent (a title's 桥梅花镇, not the
    gazetteer's 梅花镇 inside it) before anything the body suggests."""
    own = next((name for name in map(_unlisted, strong) if name), None)
    found = Counter(name for text in strong for name in _mentions(gazetteer, text, strong=True))
    if found:
        best = _best(found, evidence)
        if own and own != best and own.endswith(best):
            return _placed(gazetteer, own, evidence, unlisted_ok=True)
        return _placed(gazetteer, best, evidence)
    if own:
        return _placed(gazetteer, own, evidence, unlisted_ok=True)
    name = _from_text(gazetteer, body)
    if name:
        return _placed(gazetteer, name, evidence)
    name = _bare_in_text(gazetteer, body, evidence)
    if name:
        return _placed(gazetteer, name, evidence, unlisted_ok=True)
    for text in strong:
        place = _bare(gazetteer, text, evidence)
        if place:
            return place
    return NO_PLACE


def _strong_texts(body: list[str], extra: list[str], title: str | None) -> list[str]:
    """Title, breadcrumb parts, publisher cells and the closing signature lines."""
    texts = [title] if title else []
    for line in extra:
        if ">" in line:
            texts.extend(part.strip() for part in line.split(">"))
        for match in _PUBLISHER.finditer(line):
            texts.append(re.split(r"[|\s]", line[match.end() :].strip() + " ")[0])
    for line in body[-R.SIGNATURE_LINES :]:
        if len(line) <= R.SIGNATURE_MAX and not P.SENTENCE_END_RE.search(line):
            texts.append(line.strip())
    return [t for t in texts if t]


def _mentions(gazetteer: Gazetteer, text: str, strong: bool = False) -> list[str]:
    """Official names written in `text`, longest match at each suffix. In running text a name
    must also start where a word starts (全国文明村镇 does not name 明村镇)."""
    found = []
    for match in re.finditer("镇|乡|街道|苏木", text):
        end = match.end()
        if match.group() == "乡" and text[end : end + 1] in R.XIANG_WORD_NEXT:
            continue
        for length in range(min(gazetteer.longest, end), len(match.group()) + 1, -1):
            name = text[end - length : end]
            if name in gazetteer.by_name:
                if strong or (name not in R.COMMON_WORD_TOWNS and length - len(match.group()) >= 2
                              and _starts_word(text, end - length)):
                    found.append(name)
                break
    return found


def _starts_word(text: str, start: int) -> bool:
    left = max(0, start - R.WORD_WINDOW)
    return start - left in word_starts(text[left : start + R.WORD_WINDOW])


def _occurrences(line: str, name: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(name), line)]


def _may_be_bare(line: str, start: int, size: int) -> bool:
    """Not the start of a village or street name, and not an item of a list or a quote."""
    before, after = line[start - 1 : start] if start else "", line[start + size : start + size + 1]
    if after in R.BARE_NAME_NOT_BEFORE or after in R.BARE_NAME_LIST_MARKS:
        return False
    return before not in R.BARE_NAME_LIST_MARKS or before in R.BARE_NAME_CLAUSE_MARKS


def _is_word(text: str, start: int, size: int) -> bool:
    """A span that starts and ends where words do (炎山是, not 新发 in 新发展)."""
    left = max(0, start - R.WORD_WINDOW)
    starts = word_starts(text[left : start + size + R.WORD_WINDOW])
    return start - left in starts and start + size - left in starts


def _best(found: Counter[str], evidence: str) -> str:
    return max(found, key=lambda name: (found[name], evidence.count(name), -evidence.find(name)))


def _from_text(gazetteer: Gazetteer, body: list[str]) -> str | None:
    """The official name the text uses most, written whole or bare (于潜镇 … 于潜医院); a single
    mention counts only in the opening lines when no other town is named (a ranking or a list of
    neighbours names many), or as the lone, rare name of a text whose division words are its kind."""
    counts: Counter[str] = Counter()
    for line in body:
        counts.update(_mentions(gazetteer, line))
    if not counts:
        return None
    counts.update({name: _bare_count(name, body) for name in counts})
    opening = "\n".join(body[: R.OPENING_LINES])
    ranked = sorted(counts, key=lambda n: (-counts[n], n not in opening))
    top = ranked[0]
    if counts[top] >= 2 and (len(ranked) == 1 or counts[ranked[1]] < counts[top] or top in opening):
        return top
    if len(ranked) == 1 and top in opening and _as_subject(opening, top):
        return top
    if len(ranked) == 1 and any(_as_subject(line, top) for line in body) and _supported(top, "\n".join(body)):
        return top
    if len(ranked) == 1 and _lone_own_name(top, body):
        return top
    return None


def _base(name: str) -> str:
    return name[: len(name) - len(division_suffix(name) or "")]


def _bare_count(name: str, body: list[str]) -> int:
    """Mentions of a named town without its suffix (于潜医院 after 于潜镇), as words, outside
    lists and quotes, and only for a base rare as a word."""
    base = _base(name)
    if len(base) < 2 or word_frequency(base) > R.BARE_NAME_MAX_FREQUENCY:
        return 0
    return sum(1 for line in body for start in _occurrences(line, base)
               if not line.startswith(name, start) and _may_be_bare(line, start, len(base))
               and _is_word(line, start, len(base)))


def _lone_own_name(name: str, body: list[str]) -> bool:
    """The one town a text names, once, is its own when the name is no ordinary word (花园镇 is a
    phrase), nothing sets it beside the writer's town (与/向/学习 …, …等, …一行来), and the text's division
    words (我镇, 全镇) are of the name's kind."""
    if word_frequency(_base(name)) > R.BARE_NAME_MAX_FREQUENCY or name in R.COMMON_WORD_TOWNS:
        return False
    spots = [(line[:start], line[start + len(name) :]) for line in body for start in _occurrences(line, name)]
    return (len(spots) == 1 and not _OTHER_TOWN_BEFORE.search(spots[0][0])
            and not _OTHER_TOWN_AFTER.match(spots[0][1]) and _supported(name, "\n".join(body)))


def _supported(name: str, text: str) -> bool:
    """The text's own division words (全镇, 镇党委) are of the name's kind, and of no other."""
    support = _suffix_support(text)
    return support is not None and division_suffix(name) == support


def _suffix_support(text: str) -> str | None:
    counts = {suffix: len(p.findall(text)) for suffix, p in _SUPPORT}
    ranked = sorted(counts, key=counts.__getitem__, reverse=True)
    return ranked[0] if counts[ranked[0]] and counts[ranked[0]] > counts[ranked[1]] else None


def _bare_in_text(gazetteer: Gazetteer, body: list[str], evidence: str) -> str | None:
    """A town the text names without its suffix, again and again (炎山是…, 来到炎山…): a name
    rare as a word, repeated outside lists and quotes (villages, firms and brands are listed and
    quoted), at least once as a subject (炎山是, 枨冲全局), whose kind the text's division words
    give (全乡 → 炎山乡). A name
    the gazetteer knows under another kind (a 乡 since made a 镇) is taken as the text says."""
    suffix = _suffix_support(evidence)
    if suffix is None:
        return None
    candidates = {line[at - size : at] for line in body for match in _SUBJECT_NEXT.finditer(line)
                  for at in (match.start(),) for size in R.BARE_NAME_SIZES if at >= size}
    ranked = []
    for base in candidates:
        if base not in gazetteer.by_short or word_frequency(base) > R.BARE_NAME_MAX_FREQUENCY:
            continue
        words = [(line, start) for line in body for start in _occurrences(line, base)
                 if _may_be_bare(line, start, len(base)) and _is_word(line, start, len(base))]
        if len(words) >= R.BARE_NAME_MIN and any(line[start + len(base) : start + len(base) + 1]
                                                  in R.BARE_NAME_SUBJECT_NEXT for line, start in words):
            ranked.append((len(words), base))
    if not ranked:
        return None
    ranked.sort(reverse=True)
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1] + suffix


def _as_subject(text: str, name: str) -> bool:
    """A lone mention names the report's town only where it stands alone: at a line or clause
    start, or after its county (…县铁丝塘镇), not inside a phrase (融合花园镇理念)."""
    start = text.find(name)
    return start == 0 or start > 0 and text[start - 1] in R.NAME_MAY_FOLLOW


def _unlisted(text: str) -> str | None:
    for pattern in _UNLISTED:
        match = pattern.match(text)
        if match:
            name = _ORG_PREFIX.sub("", _COUNTY_PREFIX.sub("", match.group(1)))
            suffix = division_suffix(name) or ""
            base = name[: len(name) - len(suffix)]
            if len(base) >= 2 and base[0] not in R.TOWN_WORD_STOP and base[-1] not in R.TOWN_WORD_STOP_END:
                return name
    return None


def _bare(gazetteer: Gazetteer, text: str, evidence: str) -> Place | None:
    """A title or breadcrumb that names a town without its suffix (炎山2020年…): accepted when
    the text's own words (全乡, 乡党委) say which kind of division it is."""
    match = _YEAR_START.match(text)
    base = match.group(1) if match else text
    candidates = gazetteer.by_short.get(base, [])
    if not candidates:
        return None
    support = {suffix: len(p.findall(evidence)) for suffix, p in _SUPPORT}
    suffix = max(support, key=support.__getitem__)
    if not support[suffix]:
        return None
    names = {normalize(d.name) for d in candidates if division_suffix(d.name) == suffix}
    if len(names) != 1:
        return None
    return _placed(gazetteer, names.pop(), evidence)


def _placed(gazetteer: Gazetteer, name: str, evidence: str, unlisted_ok: bool = False) -> Place:
    candidates = gazetteer.by_name.get(name, [])
    if not candidates:
        return Place(town=name, checked=False) if unlisted_ok else NO_PLACE
    if len(candidates) == 1:
        return _full(candidates[0])
    rest = evidence.replace(name, "\u3000")
    scored = [(_support(gazetteer, d, rest), d) for d in candidates]
    best = max(score for score, _ in scored)
    top = [d for score, d in scored if score == best]
    if best and len(top) == 1:
        return _full(top[0])
    shared = {level: {getattr(d, level) for d in top} for level in ("county", "city", "province")}
    common = {level: values.pop() if len(values) == 1 else "" for level, values in shared.items()}
    return Place(town=name, checked=True, **common)


def _support(gazetteer: Gazetteer, division: Division, text: str) -> int:
    """County, city and province named in the text, the nearer the heavier. A short name counts
    only where it is not part of a village or street name (太和村 is not 太和县)."""
    weights = (("county", 4), ("city", 2), ("province", 1))
    return sum(weight for level, weight in weights if _named(text, getattr(division, level), gazetteer))


def _named(text: str, place: str, gazetteer: Gazetteer) -> bool:
    """Named as where the report is: not where its people went or whom they signed with
    (赴重庆市考察, 与甘肃省签约), nor a village sharing a short name."""
    if not place:
        return False
    full = normalize(place)
    for alias in gazetteer.aliases(place):
        after = "" if alias == full else R.SHORT_PLACE_NOT_BEFORE
        for match in re.finditer(re.escape(alias) + after, text):
            if not _OTHER_PLACE_BEFORE.search(text[max(0, match.start() - R.OTHER_PLACE_WINDOW) : match.start()]):
                return True
    return False


def _full(division: Division) -> Place:
    return Place(normalize(division.name), division.county, division.city, division.province, division.code, True)


def _regional(gazetteer: Gazetteer, place: Place, strong: list[str], texts: list[str]) -> Place:
    """Where a report without an official town is: the county the text names most (with the city
    and province the gazetteer puts above it), else its city, else its province. A county name
    shared by several places is settled by the city or province named beside it; what stays
    open stays empty."""
    counts: Counter[str] = Counter()
    for text, weight in [(t, 2) for t in strong] + [(t, 1) for t in texts]:
        counts.update({name: weight for name in _own_regions(gazetteer, text)})
    for level in ("county", "city", "province"):
        named = [name for name in counts if any(getattr(r, level) for r in gazetteer.regions[name])
                 and (level == "province" or all(getattr(r, level) for r in gazetteer.regions[name]))]
        if named:
            region = _settled(gazetteer, named, counts)
            if region:
                return Place(place.town, region.county, region.city, region.province, "", place.checked)
            return place
    return place


def _own_regions(gazetteer: Gazetteer, text: str) -> list[str]:
    """Counties, cities and provinces a text names, but not those it sets beside its own
    (与南通市崇川区…沟通): a name right after such a name shares its fate."""
    found, other, last = [], False, -1
    for start, end, name in region_names().spans(text):
        other = (other and start == last) or bool(_OTHER_TOWN_BEFORE.search(text[max(0, start - 4) : start]))
        last = end
        if name in gazetteer.regions and not other:
            found.append(name)
    return found


def _settled(gazetteer: Gazetteer, named: list[str], counts: Counter[str]) -> Region | None:
    ranked = sorted(named, key=counts.__getitem__, reverse=True)
    if len(ranked) > 1 and counts[ranked[0]] == counts[ranked[1]]:
        return None
    candidates = gazetteer.regions[ranked[0]]
    above = {r.city for name in counts for r in gazetteer.regions[name] if not r.county and r.city}
    above |= {r.province for name in counts for r in gazetteer.regions[name] if not r.county and not r.city}
    narrowed = [r for r in candidates if r.city in above or r.province in above] or list(candidates)
    common = [{getattr(r, level) for r in narrowed} for level in ("county", "city", "province")]
    county, city, province = (values.pop() if len(values) == 1 else "" for values in common)
    return Region(county, city, province) if county or city or province else None
