"""A collection page's later items in the web app: their citations link to `/report/name%232`
(a `#` left bare would be read as the link's fragment), and that page shows the item's own lines
with the file's line numbers."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from search.index.build import build_index
from search.web import create_app

PAGE = "\n".join([
    "乡镇年度工作总结范文(精选两篇)",
    "范文一", "泉溪镇2021年工作总结", "2021年,泉溪镇党委政府团结带领全镇干部群众,扎实推进各项工作。",
    "一、主要工作完成情况", "全镇新修村道十二公里。",
    "范文二", "蒲洼乡2022年工作总结", "2022年,我乡围绕乡村振兴目标,稳步推进各项工作。",
    "一、主要工作完成情况", "全乡新建茶园三百亩,带动农户增收。",
]) + "\n"


def test_a_later_items_citation_opens_its_own_report_page(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "farm.txt").write_text(PAGE, encoding="utf-8")
    build_index(corpus, tmp_path / "index", procs=1)
    client = TestClient(create_app(tmp_path / "index"))
    hits = client.get("/", params={"q": "茶园"})
    assert hits.status_code == 200
    links = re.findall(r'href="(/report/[^"]+)"', hits.text)
    assert "/report/farm.txt%232#L11" in links
    page = client.get("/report/farm.txt%232")
    assert page.status_code == 200
    assert 'id="L11"' in page.text and "蒲洼乡" in page.text and "泉溪镇党委政府" not in page.text
    assert client.get("/report/farm.txt%233").status_code == 404
