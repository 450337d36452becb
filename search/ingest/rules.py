"""Data tables for cleaning and structure detection.

Every pattern here is matched against normalised text (Simplified script, half-width ASCII,
lower-case), so one rule covers both scripts and every full-width variant. Order matters where a
table says "first match wins".
"""

from __future__ import annotations

SENTENCE_END = "。;!?；！？"
# A long line with a comma inside is a sentence broken by the page width, never an unnumbered heading
# (a heading's two clauses are short: 发展特色农业,农村经济平稳发展).
CLAUSE_BREAK = ",，"
CLAUSE_LINE_MIN = 24
HAN = r"\u4e00-\u9fff"
CN_NUM = "一二三四五六七八九十百零〇"

METADATA_LABELS = (
    r"索引号|主题词|主题分类|发布机构|发文机关|发文机构|发布日期|成文日期|有效性|浏览次数|公开方式|公开日期|"
    r"公开范围|文号|发文字号|发布单位|信息分类|生成日期|时效性|所属机构|组配分类|体裁分类|信息来源|发布时间|"
    r"访问次数|点击数|阅读次数|公开时限|责任部门|公开形式|效力状况|文件编号|生成日期|发布部门"
)
# Whole lines of site furniture, content-farm wrappers and export debris. Matched on the
# normalised line and again with its spaces removed (索 引 号:). Anchored to the whole line or
# to tokens no report sentence uses, so report text is never dropped.
BOILERPLATE: tuple[str, ...] = (
    r"^当前(页面|位置|栏目|页)\s*[:>]",
    r"^(您现在的位置|您的位置|所在位置|位置|当前位置|您当前的位置|当前的位置)\s*[:>]",
    r"^首页\s*[>|]",
    r"^.{0,60}首页\s*>.{0,80}$",
    r"^附件(下载)?\s*[:]?\s*$",
    r"^扫一扫在手机(上)?打开当前页$",
    r"^(相关(稿件|文章|链接|阅读|新闻|推荐|范文)|打印本页|关闭窗口|【打印】|【关闭】|分享到[:]?.*|返回顶部|上一篇.*|下一篇.*|猜你喜欢.*|热门.{0,6}|推荐阅读.*)$",
    r"^[【\[]?(字号|字体)(大小)?\s*[:]\s*[大中小\s【】\]]*",
    r"^[•·\-*\s]*(来源|发布时间|发布日期|浏览次数|点击数|作者|信息来源|时间|栏目|编辑|责任编辑|审核|访问量|阅读)\s*[:].{0,60}$",
    rf"^[•·\-*\s]*({METADATA_LABELS}|内容概述|发文日期|主题分类)\s*[:|\s].{{0,80}}$",
    rf"({METADATA_LABELS})\s*[:|\s][^。]*({METADATA_LABELS})\s*[:|\s]",
    rf"^\|?\s*({METADATA_LABELS})\s*\|",
    r"^(上传人|上传者|文档编号|贡献者|资源描述|文档介绍|内容简介|文本预览)",
    r"免费预览|预览范围|^(收藏|分享|下载|相关|举报|赏|[()\s])+$",
    r"^(?=.*(\d{4}|总结|报告|计划))([^,。;:\s]{1,6},){2,5}[^,。;:\s]{1,6}$",
    # A line without a Chinese character is furniture (page numbers, PAGE, sizes, codes, `|`
    # runs), except the pieces of text extracted a few words per line: a year, a placeholder, a
    # number with its unit, a heading marker, a lone punctuation mark.
    r"^(?!\s*((19|20)\d\d|[x*]{1,4}|[\d.,]+\s*[%‰]|\d{4,}(\.\d+)?|\d{1,2}\s*[.、]|[(]\d{1,2}[)]|[。;,、:])\s*$)"
    r"[^\u4e00-\u9fff]*$",
    r"小编|本站(不保证|整理|发布|所有|收集)|本文档|用户上传|文库|网站客服|付费(下载|阅读|之前)|免费下载|下载文档|立即下载|"
    r"开通vip|vip(会员|专享|用户)|版权归|版权所有|copyright|©|icp备|公网安备|网站标识码|网站地图|无障碍(阅读|浏览)|长者模式|"
    r"长者助手|无障碍版|由会员分享|分享文档赚钱|可在线阅读",
    r"^(文件下载|文章导读|全文下载|打印|关闭|栏目|相关推荐|推荐阅读|热门推荐|我要投稿)$|^[^。,]{0,30}[:]\s*(www\.|https?:)",
    r"^[•·\-*]\s*(相关推荐|推荐阅读|相关文章|热门文章|猜你喜欢)$",
    r"^(主办单位|承办单位|技术支持|联系我们|联系电话|网站纠错)",
    r"来源于\s*(www|http)|欢迎(来到|访问|阅读).{0,30}(网|站|www)|更多.{0,30}(请访问|尽在)|^[^。]{0,80}(www\.|https?:)[^。]{0,80}$",
    r"^(tag|tags|标签|关键词|关键字)\s*[:]",
    r"^[^。]{1,80}\.(docx?|pdf|wps|txt|xlsx?)(_第\d+页)?\s*(vip|免费|精品)?$",
    r"^(文档)?(页数|大小|字数|格式|下载次数|上传时间)\s*[:]",
    r"^第?\s*\d+\s*页(\s*[/,,]?\s*共\s*\d+\s*页)?$|^共\s*\d+\s*页$",
    r"^[(]开头部分已省略.{0,10}字[)]$|开头部分已省略",
    r"^\d{4}-\d{1,2}-\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*[\u4e00-\u9fff]{0,6}$",
    r"^.{0,16}\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}.{0,16}$",
    r"^(【|\[)?(简体|繁體|繁体)",
    r"^((打印本页|关闭窗口|【打印】|【关闭】|打印|关闭|返回|收藏|分享|【字体:?|大|中|小】|【下载\w*】)\s*)+$",
    r"^[^。>]{1,30}(\s*>\s*[^。>]{1,40}){2,}$",
    r"^[-\s]*\d{4}-\d{1,2}-\d{1,2}\s*(发布|上传|更新)?$",
    r"文档下载|仅供预览|下载后的文档|下载之前|为(你|您|大家)整理|^(更新时间|阅读量|人气)\s*[:]",
    r"^(微信)?扫一扫|^版权声明$|作者原创,?不允许|^【(概述|正文|摘要|导语)】$",
    r"^\|[^。|]{0,20}\|$",
    rf"^([{HAN}]{{2,6}}\s+){{4,}}[{HAN}]{{2,6}}$",
    r"^(篇|范文|第[一二三四五六七八九十\d]+篇)\s*[一二三四五六七八九十\d]*\s*[:]?$",
)

PLACEHOLDERS: tuple[str, ...] = (
    r"关键词\d+",
    r"^(篇[一二三四五六七八九十\d]+|第[一二三四五六七八九十\d]+篇|范文[一二三四五六七八九十\d]+)\s*[:]\s*",
    r"[【\[]\s*(篇|范文)\s*[一二三四五六七八九十\d]+\s*[】\]]",
    r"[【\[]\s*第[一二三四五六七八九十\d]+篇\s*[】\]]",
    r"[(]第\s*\d+\s*/\s*\d+\s*页[)]",
    r"(\s*\|){2,}\s*$",
    r"[(]开头部分已省略\d*字[)]",
)

HEADING_PATTERNS: tuple[tuple[int, str], ...] = (
    (1, rf"^第[{CN_NUM}]+(部分|章|篇)"),
    (1, rf"^[{CN_NUM}]+\s*[、.:]"),
    (1, rf"^[{CN_NUM}]{{1,3}}\s+(?=[{HAN}]{{2}})(?![{CN_NUM}])"),
    (2, rf"^[(〔][{CN_NUM}]+[)〕]"),
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
    r"[:,、]$",
)

SECTION_KEYWORDS: tuple[tuple[str, str], ...] = (
    # A part holding both (存在的问题及建议) opens with its problems; its suggestions switch by their cues.
    ("存在问题", r"(问题|困难|不足)[^。]{0,6}(和|及|与|暨)[^。]{0,6}(建议|请求)$"),
    ("意见建议", r"需要上级|请求上级|上级(帮助|支持|解决)|帮助解决|协调解决|请求事项|(几点|意见)建议|建议$"
                 r"|(需要|请求|恳请|提请)[^。]{0,8}(上级|县|市|区|省|部门)[^。]{0,8}(帮助|支持|协调|解决)"),
    ("存在问题", r"问题|困难|不足|短板|差距|薄弱环节"),
    ("意见建议", r"建议|意见|请求|诉求"),
    ("工作总结", r"完成情况|工作情况|回顾|总结|成效|成绩|主要工作|工作开展|取得|开展情况|落实情况|公开情况|亮点"),
    ("工作计划", r"计划|打算|规划|思路|安排|展望|目标任务|下一步|下步|今后|明年|谋划|要点|工作重点|主要任务|改进"
                 r"|总体要求|预期目标|主要目标"),
    ("其他", r"基本情况|概况|简介|[镇乡]情|街情|附件|其他需要报告"),
)
# Labels that switch the section: opening a paragraph (存在问题:…, 改进措施:…), or as the whole of a
# numbered sub-heading inside a part ((一)存在的主要问题, (二)改进措施).
SECTION_LABEL_PHRASES: tuple[tuple[str, str], ...] = (
    ("存在问题", r"存在的?(主要)?(问题|不足|困难)|主要(问题|不足)|问题(与|和)不足|不足之处"),
    ("工作计划", r"改进(措施|方向|情况)|整改措施|下一步(工作)?(打算|计划|措施|安排)?"
                 r"|下步(工作)?(打算|计划)|今后(工作)?打算|工作打算"),
    ("意见建议", r"意见建议|建议|意见和建议|(几点|有关|相关)?(建议|请求)(事项)?"),
)
SECTION_LABELS: tuple[tuple[str, str], ...] = tuple((s, rf"^({p})\s*[:]") for s, p in SECTION_LABEL_PHRASES)
SUB_HEADING_LABELS: tuple[tuple[str, str], ...] = tuple((s, rf"^({p})\s*[:]?$") for s, p in SECTION_LABEL_PHRASES)
# Front matter of a speech or a submitted report: it opens no section.
FRONT_MATTER: tuple[str, ...] = (
    r"^——.{0,20}在.{0,50}(会议|大会|会)上",
    # …a subtitle broken after its meeting (——2021年2月27日在某镇第十六届人民代表大会 / 第六次会议上),
    # and a dashed subtitle naming the report (——某镇2014年工作总结, ----某镇创建工作情况汇报).
    r"^——[^。]{0,20}在[^。]{0,50}(会议|大会)$",
    r"^第[一二三四五六七八九十\d]+次(全体)?(会议|大会)上$",
    r"^(——|-{2,})[^。]{0,60}(总结|报告|计划|汇报|要点|讲话|发言|致辞)[\"”]?$",
    r"^[(]?\s*\d{4}\s?年\s*\d{0,2}\s*月\s*\d{0,2}\s*日\s*[)]?$",
    r"^(各位代表|同志们|各位领导|尊敬的)",
    rf"^[{HAN}]{{0,12}}(镇长|乡长|主任|书记|主席|代镇长|代乡长)\s*[{HAN}]{{2,4}}$",
    r"^[(]?(审议稿|讨论稿|征求意见稿|送审稿)[)]?$",
    r"^第[一二三四五六七八九十\d]+篇\s*.{0,40}(总结|报告|计划|要点|汇报|范文)\s*(\d+字)?$",
)
FRONT_MATTER_LINES = 8
# A text with no title line and no section heading is a page from inside a report (a later page, a
# fragment, a news item retelling one): its paragraphs are the body, except those that open a text
# or frame it (a salutation, an opening formula, a news item's dateline and meeting words).
OPENS_TEXT = (
    r"(会议|大会|人代会)[^。]{0,10}(召开|举行|开幕|闭幕)|听取[^。]{0,6}审议|^(近日|日前|本报讯)|^(各位|尊敬|同志们|亲爱的)"
    r"|^(为了?|根据|按照|现将|近年来|今年以来|过去的?一年|一年来|刚刚过去)|^\d{4}\s?年(是|以来)"
)
# A closing signature (…镇人民政府) or date, possibly blank (2014年 月 日).
# A template's signature and date keep their placeholders (xx县xx乡人民政府, 20xx年10月7日).
SIGNATURE = rf"^[{HAN}\sx*×_]{{2,24}}(人民政府|政府|党委|党工委|办事处|委员会|办公室|站|所)$"
BLANK_DATE = r"^(\d{4}|\d{2}[x*×_]{2}|[x*×_]{2,4})\s*年\s*[\dx*×_]{0,2}\s*月\s*[\dx*×_]{0,2}\s*日$"

PROBLEM_CUES: tuple[str, ...] = (
    r"(但|仍|还|也|同时)[^。]{0,12}(存在|面临)[^。]{0,12}(问题|不足|困难|短板|差距)",
    r"^(存在的?|主要)(问题|不足|困难)",
    r"(但|然而|不过)[^。]{0,16}(问题|困难|不足|短板)[^。]{0,6}(依然|仍然|仍|还|较多|突出|不少)",
    r"^(当前|目前)[^。]{0,20}(存在|面临)[^。]{0,12}(问题|不足|困难)",
)

# A request to higher levels opens the suggestions, headed or not (恳请…给予支持, 建议上级…).
# A numbered item among the plans counts too ((三)恳请县委…, 1.建议县里…); a sentence that introduces
# suggestions (特提出以下几点建议:, 我建议:) opens them. The town's own plan to win support
# (积极争取上级资金支持) is no request.
REQUEST_ADDRESSEE = r"(上级|领导|贵(局|单位|委|办|部门|厅)|[县市区省](委|政府|里|直|级部门)|有关部门|相关部门)"
REQUEST_VERBS = r"(帮助|支持|解决|给予|协调|倾斜|加大|重视|关心|关注|考虑|开辟|安排|出台|批准)"
REQUEST_CUES: tuple[str, ...] = (
    r"(恳请|建请|吁请|提请|呼吁)[^。]{0,40}(给予|支持|帮助|解决|协调|倾斜|加大|考虑|批准)",
    r"建议(上级|县委|县政府|区委|区政府|市委|市政府|有关部门|相关部门|上级部门|县里|市里|区里|省里|国家)",
    rf"希望[^。]{{0,12}}{REQUEST_ADDRESSEE}[^。]{{0,30}}{REQUEST_VERBS}",
    r"需要(上级|县|市|区)[^。]{0,10}(帮助|解决|支持|协调)",
    r"^(提出|有)?(以下)?几点建议|^我(们)?建议\s*[:,]",
    rf"^([{CN_NUM}]+[、.]|\d{{1,2}}\s*[.、]|[(][{CN_NUM}\d]{{1,2}}[)]|[{CN_NUM}]是)?\s*(建议|恳请|请求|建请)",
    r"(提出|提|有)(以下|如下)?(几点|几条|一些)?(意见和)?(建议|请求)(如下)?\s*[:]$|我(们)?建议\s*[:]$",
)

PLAN_CUES: tuple[str, ...] = (
    r"^(新的一年|下一步|下步|今后|明年|来年|下一阶段|下阶段)",
    r"^(20[x*×]{2}|[x*]{2})年,?(我们|我镇|我乡|全镇|全乡)?将",
)
NEXT_YEAR_CUE = rf"^(\d{{4}})\s?年(是|,|,?[{HAN}]{{0,6}}将)"

TITLE_WORDS = r"总结|计划|规划|打算|报告|年报|回顾|要点|情况|汇报|请示|讲话|致辞|解读"
TITLE_MAX = 60
# Review words strong enough to outweigh a heading's later year (a template's title year may be off).
STRONG_REVIEW = r"回顾|总结|成效|成绩|完成情况|取得"
# A file name among the dropped lines (….docx) names the report when no line is its title.
# …or a content farm's intro names it (下面是小编为大家整理的2023年第一季度工作总结,供大家参考).
FILE_TITLE = (
    r"^(.{4,60}?)\.(docx?|pdf|wps|txt)(_第\d+页)?$"
    r"|(?:整理|收集|精选|分享)(?:了|的)(?:这篇|一篇)?[《“]?(.{4,60}?)[》”]?(?:[(【][^)】]{0,8}[)】])*[,,。]"
)
# Words that make a first line without a year a title rather than a heading.
YEARLESS_TITLE = (
    r"(总结|计划|报告|要点|汇报|思路|规划|打算|安排|请示|讲话|致辞|解读)(范文)?([一二三四五六七八九十\d]+篇|大全)?([(][^)]*[)])?$"
)

# A congress speech dated in its subtitle (——2021年2月27日在某镇第五届人民代表大会…): it reviews the
# year before the meeting.
MEETING_DATE = r"(\d{4})\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日[^。]{0,30}(人民代表大会|人代会)"
DATE_LINE = r"^[(]?\s*(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日\s*[)]?$"

REVIEW_YEAR = r"(\d{4})\s?年度?[^\d。]{0,12}?(总结|回顾|工作报告|工作情况|完成情况|各项工作)"
PLAN_YEAR = r"(\d{4})\s?年度?[^\d。]{0,12}?(计划|打算|规划|安排|要点|思路|设想)"
ANY_YEAR = r"((?:19|20)\d{2})\s?年"

TOWN_NOT_FOLLOWED_BY = frozenset("域村镇土风亲情愁贤")
TOWN_STOP_CHARS = frozenset("全我本各该城村集市小重强名古县两一每此乡镇建下返回家老到"
                            "在和与及的了是对为于将把从向以等个全")

# A title names who reports (a town or its government); a year line without one is a part heading
# when an unnumbered sibling of another section follows (2019年政府工作回顾 … 2020年政府工作打算).
TITLE_ISSUER = (
    rf"[{HAN}](?![{''.join(sorted(TOWN_STOP_CHARS))}])[{HAN}][镇乡](?![{''.join(sorted(TOWN_NOT_FOLLOWED_BY))}])"
    r"|人民政府|党委|[镇乡]政府|街道|办事处|苏木"
)

# ---------------------------------------------------------------- gazetteer

# Suffixes of the township-level divisions a report can speak for, longest first; 民族乡 ends in 乡.
# Suffixes stripped from county, city and province names to get the short form used in text
# (衡南县 → 衡南, 芷江侗族自治县 → 芷江, 广西壮族自治区 → 广西), longest first.
PLACE_SUFFIXES: tuple[str, ...] = (
    "特别行政区", "经济技术开发区", "高新技术产业园区", "自治区", "自治州", "自治县", "自治旗",
    "开发区", "管理区", "新区", "林区", "特区", "地区", "省", "市", "县", "区", "旗", "盟",
)
ETHNIC_GROUPS: tuple[str, ...] = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
)
# How a text shortens an autonomous division: 芷江侗族自治县 → 芷江县.
AUTONOMOUS_SHORT = {"自治县": "县", "自治旗": "旗", "自治州": "州"}
# Rows of the source's city table that are not cities: municipal districts take the province.
CITY_PLACEHOLDERS: tuple[str, ...] = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")

# ---------------------------------------------------------------- town

# Official names that are also common words: accepted only from a title, signature, breadcrumb or
# site metadata, never from running text (推进小城镇建设 names no town).
COMMON_WORD_TOWNS = frozenset({"小城镇", "中心镇", "小村镇", "大城镇", "新城镇", "老城镇", "新镇", "两城镇",
                               "于城镇", "新市镇", "小市镇", "大市镇", "城关镇", "湖南镇", "街道"})
# Where a site names the body that published a page: 发布机构: 沂水县沙沟镇.
PUBLISHER_LABEL = r"(发布机构|发文机关|发布单位|发文单位|信息来源|来源|所属机构|责任部门|公开主体|发布者)\s*[:|]"
# A town that is not in the gazetteer is accepted from these strong positions only.
TOWN_UNLISTED: tuple[str, ...] = (
    rf"^(?:关于)?([{HAN}]{{2,8}}?(?:镇|乡|街道|苏木))(?:人民政府|政府|党委|党工委|委员会|办事处)?\s*(?:(?:19|20)\d\d|二[〇零○0])",
    rf"^([{HAN}]{{2,8}}?(?:镇|乡|街道|苏木))(?:人民政府|政府|党委|党工委|委员会|办事处|人民代表大会|党政办公室)?$",
)
TOWN_WORD_STOP = frozenset("全我本各该某此每一两乡镇市县区省的了和与及在对为")
# A name may end in a conjunction's character (白和乡, 湖和乡); it may not end in these.
TOWN_WORD_STOP_END = TOWN_WORD_STOP - frozenset("和与及一两")
# A party body's name before its town's (中共梅花镇党委) is no part of the town's name.
TOWN_ORG_PREFIX = r"^(?:中共|中国共产党)"
# Words a text uses for its own kind of division, which make a bare place name's suffix certain.
SUFFIX_SUPPORT: tuple[tuple[str, str], ...] = (
    ("镇", r"(全|我|本|该)镇|镇(党委|政府|人民政府|人大)"),
    ("乡", r"(全|我|本|该)乡(?!镇|村)|乡(党委|政府|人民政府|人大)"),
    ("街道", r"街道(党工委|办事处)|(全|我|本|该)街道"),
    ("苏木", r"(全|我|本|该)苏木|苏木(党委|政府)"),
)
OPENING_LINES = 3
# A town written without its suffix (炎山是…): two or three characters, named at least twice, rare
# as a word in jieba's dictionary, and not the start of a village, street or county name.
BARE_NAME_SIZES = (3, 2)
BARE_NAME_MIN = 2
BARE_NAME_MAX_FREQUENCY = 10
BARE_NAME_NOT_BEFORE = frozenset("村镇乡街社路里湾组屯庄寨县市区旗")
BARE_NAME_LIST_MARKS = frozenset("、,“”\"")
# What follows a place name used as the subject of a sentence (炎山是…, 枨冲全局, 大盂作为…).
BARE_NAME_SUBJECT_NEXT = frozenset("是的作全有境地位这各在")
SIGNATURE_LINES = 4
SIGNATURE_MAX = 30
WORD_WINDOW = 6
# 乡 followed by these is a word of its own (乡村, 乡镇, 乡贤), not the end of a township's name.
XIANG_WORD_NEXT = frozenset("村镇土风亲情愁贤里音")
SHORT_PLACE_NOT_BEFORE = r"(?![村镇乡街社路里湾组屯庄寨])"
# A comma before a bare name opens a clause (…的重点,聂堆作为…); it marks a list item only when a
# list mark follows the name too.
BARE_NAME_CLAUSE_MARKS = frozenset(",")
# Words that set a lone name beside the writer's own town (与/向/赴 白沙镇, 学习白沙镇): another town.
OTHER_TOWN_BEFORE = (r"(与|和|同|向|到|赴|往|至|跟|及|或|学习|借鉴|参观|考察|对接|邻近|毗邻|相邻|接壤"
                     r"|联合|结对|帮扶|对口|比|超过|次于)")
# …and words after a lone name that make it a visitor or one of several (白沙镇一行来我镇考察, 白沙镇等).
OTHER_TOWN_AFTER = r"^(?:等|一行|来|到|赴|考察|参观|学习|代表团|客人)"
# A place set beside the writer's may come after another (赴重庆市黔江区): what may stand between.
OTHER_PLACE_BETWEEN = rf"(?:[{HAN}]{{1,6}}?[省市州盟])?"
OTHER_PLACE_WINDOW = 12

# ---------------------------------------------------------------- kind and years

# Texts about or beside a report, told from the title before anything else: their kind is their
# own, their years those of the report they frame (a 解读 of a 2023年政府工作报告 reviews 2022),
# read from the same title by KIND_RULES. First match wins.
FRAME_KIND_RULES: tuple[tuple[str, str], ...] = (
    ("解读", r"解读|图解|一图(读懂|看懂|速览|了解)"),
    ("新闻报道", r"^(?!关于)(?!.*(通知|方案|讲话|发言|致辞|议程))(?!.*(总结|计划|报告|汇报|要点)$)"
                 r".*(召开|举行|举办|开幕|闭幕|落幕|落下帷幕)"),
    ("述职报告", r"述职|述责述廉|述德述廉"),
    ("自查报告", r"自查|自评报告"),
    ("请示", r"请示|关于[^。]{0,40}申请|申请(报告|书)"),
    ("讲话", r"讲话|致辞|发言(稿|提纲|材料)?$"),
)
# …or from the lines under the title, when the title names a report of no particular kind (or there
# is none): a news item's dateline or byline, a speech's subtitle.
FRAME_OPENING_RULES: tuple[tuple[str, str], ...] = (
    ("新闻报道", r"本报讯|^[^。,]{0,16}讯\s*[(:]|^[(]?\s*(记者|通讯员)[\s:]"
                 r"|^(近日|日前|\d{1,2}月\d{1,2}日(上午|下午|晚上?)?)\s*,?[^。]{0,60}(召开|举行|举办|开幕|闭幕)"),
    ("讲话", r"^—*\s*在[^。]{0,60}(会议|大会|会)上的(讲话|发言|致辞)"),
)
FRAME_OPENING_LINES = 3
# A request asks for the year ahead: its title's year is a plan year, as in a plan.
FRAME_YEARS_AS = {"请示": "工作计划"}
# A news item's review comes in the lines just under its dateline: the first that opens with a year
# names the year reviewed (2017年,某镇…).
NEWS_YEAR_LINES = 8
NEWS_YEAR = r"^((?:19|20)\d{2})\s?年(,|以来|是|全年|全镇|全乡|我镇|我乡)"
# A report's kind, from its title (or its opening lines when it has none); first match wins.
KIND_RULES: tuple[tuple[str, str], ...] = (
    ("信息公开年报", r"(信息|政务)公开.{0,8}(报告|年报)"),
    ("工作计划", r"^(?!.*(总结|回顾|情况|汇报|述职|小结|成绩|成效)).*((上|下)半年|季度).{0,12}"
                 r"(计划|打算|安排|要点|思路)"),
    ("阶段总结", r"(上|下)半年|半年(工作)?(总结|小结)|季度|[1-9]\s*[-—~至到]\s*\d{1,2}月"),
    ("政府工作报告", r"政府\s*(\d{4}\s?年度?)?\s*工作报告|在[^。]{0,30}人民代表大会[^。]{0,12}会议上"),
    ("工作计划", r"^(?!.*(总结|回顾|工作情况|完成情况|汇报|述职|小结)).*(计划|要点|思路|打算|安排|规划|谋划)"),
    ("其他", r"心得|体会|发言|调研|方案|通知|办法|规则|制度|经验材料|事迹"),
    ("年度总结", r"总结|回顾|小结|年终"
                 r"|((19|20)\d\d\s?年|年度|全年|一年来|五年|三年).{0,20}(汇报|报告|工作情况|完成情况|成效)"),
    ("其他", r"汇报|报告|材料"),
)
# Front matter of a speech, which alone makes a report a 政府工作报告 when its title says nothing.
SPEECH_FRONT = r"^各位代表|人民代表大会[^。]{0,12}会议上"
# Years written in Chinese numerals: 二〇二二年, 二0一二年, 二零二一年.
CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "o": "0", "0": "0", "一": "1", "二": "2", "三": "3", "四": "4",
             "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
CN_YEAR = r"[一二][〇零○o0][〇零○o0一二三四五六七八九]{2}(?=年)"
# Template years: 20xx年, 20**年, 二00*年, xx年, 201x年.
PLACEHOLDER_YEAR = (
    r"(?:19|20)[x*×□_\s]{2}年|(?:19|20)\d[x*×□_]年|二[〇零○0][〇零○0一二三四五六七八九]?[x*×□_]{1,2}年|(?<![\d])(xx|__)年"
)
YEAR_DOUBT_MIN = 3
# The year a report's opening says its review covers (2023年是…之年。一年来…, 刚刚过去的2023年): a
# congress report titled with that same year reviews it, not the year before, and a reader hesitates.
OPENING_REVIEW = (
    r"((?:19|20)\d{2})\s?年是[^。]{0,60}。\s?(?:一年来|过去的一年|这一年)|(?:刚刚)?过去的((?:19|20)\d{2})\s?年"
)
# A review of several years at once (2016-2020年, 五年来, 过去五年, 十三五时期回顾), in a title or a part heading.
MULTI_YEAR = (
    r"(?:19|20)\d{2}\s?年?\s?[-—~至到]\s?(?:19|20)\d{2}\s?年|[两三四五]年(来|以来|[^。,\d]{0,8}(回顾|总结))"
    r"|过去[两三四五]年|十[一二三四五六七八九]五(时期|期间)?(工作)?(回顾|总结)"
)
NAME_MAY_FOLLOW = frozenset("\n,,。;:、 (“\"县市区旗在")

# ---------------------------------------------------------------- layout repair

# A line this long holding several heading markers is a whole report exported onto one line.
ONE_LINE_MIN = 200
# Where such a line is cut: before a heading marker that follows a sentence end or a space.
ONE_LINE_CUT = (
    rf"(?<=[。;!?:\s])\s*(?=(第[{CN_NUM}]+部分|[{CN_NUM}]+、|[(][{CN_NUM}]+[)]|\d{{1,2}}[.、](?!\d)))"
    r"|(?=(各位代表|同志们)[:,])"
)
ONE_LINE_MIN_CUTS = 2
# A title at the head of such a line, ended by a space.
ONE_LINE_TITLE = rf"^[^。;!?]{{4,{TITLE_MAX}}}?({TITLE_WORDS})\s+"
# PDF text wrapped at a fixed width: most lines share one length and lack a sentence end.
WRAP_MIN_WIDTH = 30
WRAP_TOLERANCE = 4
WRAP_MIN_SHARE = 0.3
WRAP_MIN_LINES = 5
# …and hardly any line is longer than that width.
WRAP_MAX_LONGER = 0.05
# One word per line: runs of lines this short are one paragraph.
WORD_LINE_MAX = 4
WORD_RUN_MIN = 4
# A text whose lines are mostly this short was extracted a few words per line.
FRAGMENT_MAX = 6
FRAGMENT_SHARE = 0.4
# A short line ending in a conjunction (a title broken after 及) goes on with the next line.
CONTINUES_AFTER = "及和暨与并、"
# Enough of a line's start to tell whether a heading marker opens it.
HEADING_PREFIX_CHARS = 12
# Ordinals that number headings (第三、) open a paragraph too: no wrapped row runs on into one.
ORDINAL_HEADING = rf"^第[{CN_NUM}]+[、.]"
# Page chunks of a document-sharing site: long lines numbered 1、 2、 3、 in a row.
CHUNK_PREFIX = r"^(\d{1,3})、\s*"
CHUNK_MIN = 60

# ---------------------------------------------------------------- site furniture by its shape

# What a site writes around a report, as tokens: once these are masked out of a short line without a
# sentence end, at most FACT_REST_MAX_HAN Chinese characters remain (a province after 发布于).
FACT_COUNT = r"约?\s*\d+(\.\d+)?\s*(千字|万字|字|页|kb|mb|gb|次|篇|份|\+)"
FACT_DATE = r"\d{2,4}[-/.]\d{1,2}([-/.]\d{1,2})?(\s*\d{1,2}:\d{2}(:\d{2})?)?|\d{1,2}:\d{2}(:\d{2})?"
FACT_WORDS = (
    r"vip|专免|免费|海报|举报|侵权投诉|投诉|收藏|分享|下载|打印|关闭|评论|点赞|手机版|阅读|浏览|发布于|上传于|"
    r"纠错|原创|精华|置顶|[大中小](\s*[大中小]){1,2}"
)
FACT_PUNCTUATION = r"[\s•·\-*|【】\[\]()<>:/,.、+]+"
FACT_LINE_MAX = 40
FACT_REST_MAX_HAN = 2
# Labels a site prints beside a report; two of them on one line without a sentence end make it the
# site's (来源: … 作者: … 时间: … 点击率:), and so does one inside a pipe table (| 索引号: … |).
SITE_LABELS = (
    METADATA_LABELS
    + r"|来源|作者|时间|日期|点击率|点击量|浏览量|阅读量|分类|栏目|标题|发文时间|发布于|更新时间|文号|主题词|有效性|"
    r"公开目录|字号"
)
SITE_LABEL_MIN = 2
# Two metadata labels make a line the site's even when letter-spacing hides their separators
# (索 引 号 1133…/2024-104757 公开方式 主动公开).
METADATA_LABEL_RE = METADATA_LABELS
# A line that is one site label alone (a metadata table written one label per line); the short
# line after it is that label's value.
BARE_LABEL = rf"^[•·\-*\s]*({SITE_LABELS})\s*[:]?$"
# A site addressing its reader: intros, download and copyright notices, tip boxes.
READER_NOTICE = (
    r"本站|网友(上传|投稿)|为(您|你)(精选|精心|整理|推荐)|供(您|你)参考|写作参考|下载(后|前)|此处隐藏|点击查看|"
    r"查看预览|版权申诉|侵权投诉|一经付费|举报电话|^温馨提示\s*[:]?$|^相关[\u4e00-\u9fff]{0,8}[:]"
)
# A collection page's own title or item marker: 范文 anywhere, a count of pieces, a piece number.
COLLECTION_TITLE = (
    r"范文|范例|多篇|合集|大全|\d+\s*篇\s*([(][^)]*[)])?$|[(]\s*\d{1,2}\s*[)]$|(总结|计划|报告|汇报|要点|材料)\s*\d{1,2}$"
    r"|篇\s*[一二三四五六七八九十\d]+$|[【\[]第[一二三四五六七八九十\d]+篇[】\]]"
    r"|^(篇[一二三四五六七八九十\d]+|第[一二三四五六七八九十\d]+篇)\s*[:]"
)
COLLECTION_TITLE_MAX = 60
# …and it names a report or a piece of a collection.
COLLECTION_NAMES = r"总结|计划|规划|打算|报告|年报|回顾|要点|情况|汇报|材料|篇|范"
# Navigation written as a trail that starts with its separator (> 政务公开 > 乡镇 > 年报).
TRAIL = r"^\s*>\s*[^。>]{1,30}(\s*>\s*[^。>]{1,40}){1,}$"
# What a collection title adds to the report's own title, cut to find that title (镇政府工作报告范文(3),
# 篇一:某镇2014年工作总结, 乡2023年政府工作报告-10篇(第20/30页)).
COLLECTION_CUT = (
    r"(范文|范例).*$|[-—_]?\s*[(【\[]?(汇总|共|精选)?\s*(\d+|多)\s*篇.*$|[(【\[][^)】\]]*[)】\]]$|\s*\d{1,2}$"
    r"|^(篇[一二三四五六七八九十\d]+|第[一二三四五六七八九十\d]+篇)\s*[:]\s*|合集.*$|大全.*$"
)
# A site's metadata cell naming the page's title (| 标题:某镇2023年工作计划 |).
TITLE_CELL = r"标题\s*[:|]\s*\|?\s*([^|]{4,60}?)\s*(\||$)"
