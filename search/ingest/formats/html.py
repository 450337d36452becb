"""HTML pages, as government sites and content farms serve them or a browser saved them.

The article is found from the page's structure: first the content containers of common site
builders, then the block with the most Chinese text and the fewest links. Navigation, footers,
share bars and related lists never enter; block elements become lines, a table row one line.
A government page's metadata (`<meta name=ArticleTitle>` …, a visible 索引号/发布机构/发布日期
table, `<link rel=canonical>`, a browser's `saved from url=` comment) gives the hints.
"""

from __future__ import annotations

import codecs
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from search.ingest.formats.base import (
    Extracted,
    FormatError,
    cjk_count,
    has_cjk,
    iso_date,
    needs_text,
    nonempty,
    tidy,
)
from search.models import Hints

CONTAINERS: tuple[str, ...] = (
    "#zoom", "#Zoom", ".TRS_Editor", "#UCAP-CONTENT", ".pages_content", "#pages_content", ".news_content",
    "#news_content", "#ccontent", ".ccontent", ".article-content", ".article_content", "#article_content",
    ".view.TRS_UEDITOR", "#content", ".content", "article", ".article", "#article", ".main-content",
)
"""Content containers of common government site builders, most specific first."""
CONTAINER_MIN_CJK = 30
"""A container with less Chinese text than this is a shell (a title bar), not the article."""
NEVER_TEXT: tuple[str, ...] = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "select",
    "button", "object", "svg", "head",
)
FURNITURE_NAMES = re.compile(
    r"share|bdshare|jiathis|breadcrumb|crumb|position|location|nav|menu|footer|foot\b|related|xgxx|xglj|"
    r"print|close|toolbar|sidebar|comment|copyright|banner|header|fenxiang|dayin|guanbi", re.I)
"""ids and classes of page furniture (share bars, breadcrumbs, related lists, print/close links)."""
BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "blockquote", "pre", "center", "dd", "dt", "dl", "hr", "body", "html", "main",
    "figure", "figcaption", "caption", "address",
})
CELLS = frozenset({"td", "th"})
DENSITY_TAGS = "div, td, article, section, main"
MAX_LINK_SHARE = 0.3
META_HINTS: dict[str, str] = {
    "articletitle": "title", "pubdate": "date", "firstpublishedtime": "date", "contentsource": "publisher",
    "url": "url", "og:url": "url", "og:title": "title",
}
VISIBLE_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("publisher", re.compile(r"(?:发布机构|发文机关|信息来源|来源)\s*[:：]\s*(\S[^\n:：]{1,40}?)"
                             r"(?=\s{2,}|\s*(?:发布|成文|索引|$))")),
    ("date", re.compile(r"(?:发布日期|发布时间|成文日期|发文日期)\s*[:：]\s*(\S{6,20})")),
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+?)\s*-->", re.I)
ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def read(data: bytes, name: str) -> Extracted:
    text, encoding = decode(data)
    tree = LexborHTMLParser(text)
    hints = _hints(tree, text)
    pieces = _pieces(tree.body)
    for tag in NEVER_TEXT:
        for node in tree.css(tag):
            node.decompose()
    _drop_furniture(tree)
    article = _article(tree)
    lines = needs_text(nonempty(_lines(article) if article is not None else []))
    furniture = max(0, pieces - _pieces(article))
    return Extracted(lines, encoding, hints=hints, furniture=furniture)


def decode(data: bytes) -> tuple[str, str]:
    """BOM, then strict UTF-8 (a page that declares GBK but is UTF-8 is common after a site
    move), then the declared charset, then detection as for text files."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec, "replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        codec = declared.group(1).decode("ascii").lower()
        codec = ALIASES.get(codec, codec)
        try:
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass
    from search.ingest.corpus import decode_text

    found = decode_text(data)
    if found is None:
        raise FormatError("not text in any known encoding (a binary file named .html?)")
    return found


def _pieces(node: LexborNode | None) -> int:
    """Pieces of visible text under `node`: what the page showed beside the article is counted
    as its furniture."""
    if node is None:
        return 0
    return sum(1 for piece in node.text(separator="\n").split("\n") if piece.strip())


def _hints(tree: LexborHTMLParser, text: str) -> Hints:
    values: dict[str, str] = {}
    for meta in tree.css("meta"):
        key = (meta.attributes.get("name") or meta.attributes.get("property") or "").strip().lower()
        content = (meta.attributes.get("content") or "").strip()
        if key in META_HINTS and content:
            values.setdefault(META_HINTS[key], content)
    canonical = tree.css_first("link[rel=canonical]")
    if canonical is not None and canonical.attributes.get("href"):
        values.setdefault("url", str(canonical.attributes["href"]).strip())
    saved = _SAVED_FROM.search(text[:2048])
    if saved:
        values.setdefault("url", saved.group(1))
    visible = tree.body.text(separator="\n") if tree.body is not None else ""
    for key, pattern in VISIBLE_HINTS:
        found = pattern.search(visible)
        if found:
            values.setdefault(key, tidy(found.group(1)))
    url = values.get("url")
    return Hints(title=tidy(values["title"]) if values.get("title") else None, date=iso_date(values.get("date")),
                 url=url if url and url.startswith(("http://", "https://")) else None,
                 publisher=values.get("publisher"))


def _drop_furniture(tree: LexborHTMLParser) -> None:
    for node in tree.css("[id], [class]"):
        names = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
        if FURNITURE_NAMES.search(names) and not _is_container(node):
            node.decompose()


def _is_container(node: LexborNode) -> bool:
    return any(node.css_matches(selector) for selector in CONTAINERS)


def _article(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in CONTAINERS:
        for node in tree.css(selector):
            if has_cjk(node.text(), CONTAINER_MIN_CJK):
                return node
    best: LexborNode | None = tree.body
    best_score = -1
    for node in tree.css(DENSITY_TAGS):
        total = cjk_count(node.text())
        linked = sum(cjk_count(a.text()) for a in node.css("a"))
        if total and linked / total <= MAX_LINK_SHARE and total - 3 * linked > best_score:
            best, best_score = node, total - 3 * linked
    return best


def _lines(root: LexborNode) -> list[str]:
    """Text of `root` with a line break at every block element and one line per table row;
    an explicit stack, so that markup nested thousands deep is read, not a RecursionError."""
    lines: list[str] = []
    current: list[str] = []
    stack: list[tuple[LexborNode | None, str]] = [(root, "")]
    while stack:
        node, closing = stack.pop()
        if node is None:
            if closing in CELLS:
                current.append(" ")
            else:
                lines.append("".join(current))
                current = []
            continue
        if node.tag == "-text":
            current.append((node.text_content or "").replace("\n", " ").replace("\r", " "))
            continue
        if node.tag in NEVER_TEXT or node.tag == "-comment":
            continue
        tag = node.tag or ""
        if tag in BLOCKS:
            lines.append("".join(current))
            current = []
        if tag in BLOCKS or tag in CELLS:
            stack.append((None, tag))
        stack.extend((child, "") for child in reversed(list(node.iter(include_text=True))))
    lines.append("".join(current))
    return lines
