"""Data tables for cleaning and structure detection.

Every pattern here is matched against normalised text (Simplified script, half-width ASCII,
lower-case), so one rule covers both scripts and every full-width variant. Order matters where a
table says "first match wins".
"""

from __future__ import annotations

SENTENCE_END = "。;!?；！？"
HAN = r"\u4e00-\u9fff"
CN_NUM = "一二三四五六七八九十百零〇"

BOILERPLATE: tuple[str, ...] = (
    r"^当前(页面|位置|栏目|页)\s*[:>]",
    r"^(您现在的位置|您的位置|所在位置)\s*[:>]",
    r"^首页\s*>",
    r"^附件(下载)?\s*[:]?\s*$",
    r"^扫一扫在手机(上)?打开当前页$",
    r"^(相关(稿件|文章|链接|阅读|新闻)|打印本页|关闭窗口|【打印】|【关闭】|分享到[:]?.*|返回顶部)$",
    r"^(字号|字体)\s*[:]\s*[大中小\s]*$",
    r"^(来源|发布时间|发布日期|浏览次数|点击数|作者|信息来源)\s*[:].{0,60}$",
)

PLACEHOLDERS: tuple[str, ...] = (r"关键词\d+",)

HEADING_PATTERNS: tuple[tuple[int, str], ...] = (
    (1, rf"^第[{CN_NUM}]+(部分|章|篇)"),
    (1, rf"^[{CN_NUM}]+\s*[、.]"),
    (2, rf"^[(][{CN_NUM}]+[)]"),
    (3, r"^\d{1,2}\s*[.、](?!\d)"),
    (3, r"^[(]\d{1,2}[)]"),
    (3, rf"^[{CN_NUM}]是"),
    (3, r"^[①-⑳]"),
    (3, r"^——"),
)

NEXT_ITEM_MARKER = rf"[{CN_NUM}]是"
HEADING_LABEL_MAX = 40

UNNUMBERED_HEADING_MAX = 30
UNNUMBERED_HEADING_MIN_HAN = 4
NOT_HEADING: tuple[str, ...] = (
    rf"^[{HAN}]{{2,8}}(人民政府|党委|政府|办事处|委员会)$",
    r"^[(]?\d{4}年\d{1,2}月\d{1,2}日[)]?$",
    r"[:]$",
)

SECTION_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("存在问题", r"问题|困难|不足|短板|差距|薄弱环节"),
    ("意见建议", r"建议|意见"),
    ("工作总结", r"完成情况|工作情况|回顾|总结|成效|成绩|主要工作|工作开展|取得"),
    ("工作计划", r"计划|打算|规划|思路|安排|展望|目标任务|下一步|今后|明年|谋划"),
)

PROBLEM_CUES: tuple[str, ...] = (
    r"(但|仍|还|也|同时)[^。]{0,12}(存在|面临)[^。]{0,12}(问题|不足|困难|短板|差距)",
    r"^(存在的?|主要)(问题|不足|困难)",
)

PLAN_CUES: tuple[str, ...] = (
    r"^(新的一年|下一步|今后|明年)",
)
NEXT_YEAR_CUE = rf"^(\d{{4}})年(是|,|,?[{HAN}]{{0,6}}将)"

TITLE_WORDS = r"总结|计划|规划|打算|报告|回顾|要点|情况"
TITLE_MAX = 60

DATE_LINE = r"^[(]?\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*[)]?$"

REVIEW_YEAR = r"(\d{4})年度?[^\d。]{0,12}?(总结|回顾|工作报告|工作情况|完成情况|各项工作)"
PLAN_YEAR = r"(\d{4})年度?[^\d。]{0,12}?(计划|打算|规划|安排|要点)"
ANY_YEAR = r"((?:19|20)\d{2})年"

TOWN_SUFFIXES = "镇乡"
TOWN_BREADCRUMB = rf"^[{HAN}]{{2,6}}[镇乡]$"
TOWN_SIGNATURE = rf"^([{HAN}]{{2,6}}?[镇乡])(人民政府|党委|政府|人民代表大会|办事处)?$"
TOWN_NOT_FOLLOWED_BY = frozenset("域村镇土风亲情愁贤")
TOWN_STOP_CHARS = frozenset("全我本各该城村集市小重强名古县两一每此乡镇建下返回家老到在和与及的了是对为于将把从向以等个全")

# A title names who reports (a town or its government); a year line without one is a part heading
# when an unnumbered sibling of another section follows (2019年政府工作回顾 … 2020年政府工作打算).
TITLE_ISSUER = (
    rf"[{HAN}](?![{''.join(sorted(TOWN_STOP_CHARS))}])[{HAN}][镇乡](?![{''.join(sorted(TOWN_NOT_FOLLOWED_BY))}])"
    r"|人民政府|党委|[镇乡]政府"
)
