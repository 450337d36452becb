"""What the app keeps safe: a new generation is read without a restart, a missing or damaged index
is a page with the CLI's one line, no path leads out of the index or its corpus, text from reports
is shown as text, every response carries the Content-Security-Policy, and requests are bounded."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from search.cli.commands import app as cli
from search.index.build import build_index
from search.testing import write_reports
from search.web import create_app

runner = CliRunner()

HOSTILE = "全镇召开议事会<script>alert(1)</script>十二场<img src=x onerror=alert(2)>,化解矛盾四十件。"


def report(town: str, year: int, *paragraphs: str) -> str:
    return "\n".join([f"{town}{year}年工作总结", f"一、{year}年工作总结", *paragraphs, ""])


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    corpus = write_reports(tmp_path / "corpus", {
        "a2021.txt": report("泉溪镇", 2021, "(一)基层治理", HOSTILE),
        "b2022.txt": report("青石镇", 2022, "(一)道路建设", "全年新修村道八公里。"),
    })
    build_index(corpus, tmp_path / "index", procs=1)
    return corpus, tmp_path / "index"


def cli_error(args: list[str]) -> str:
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    return result.stderr.strip()


def test_a_new_generation_is_read_without_a_restart(site: tuple[Path, Path]) -> None:
    corpus, index = site
    client = TestClient(create_app(index))
    assert client.get("/", params={"q": "村道", "format": "json"}).json()["total"] == 1
    assert client.get("/report/c2023.txt").status_code == 404
    write_reports(corpus, {"c2023.txt": report("白沙乡", 2023, "(一)道路建设", "新修村道十二公里。")})
    build_index(corpus, index, procs=1)
    assert client.get("/", params={"q": "村道", "format": "json"}).json()["total"] == 2
    assert client.get("/report/c2023.txt").status_code == 200


def test_a_missing_index_is_a_page_with_the_cli_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    answer = TestClient(create_app(missing)).get("/", params={"q": "村道"})
    assert answer.status_code == 503
    line = cli_error(["query", "村道", "--index", str(missing)])
    assert line.startswith("Error: no index at") and "search index" in line
    assert f"<code>{line}</code>" in unescape(answer.text)


def test_a_damaged_index_is_a_page_with_the_cli_line(site: tuple[Path, Path]) -> None:
    _, index = site
    generation = index / (index / "CURRENT").read_text(encoding="utf-8").strip()
    texts = next(generation.glob("*.texts"))
    texts.write_bytes(texts.read_bytes()[:-7])
    client = TestClient(create_app(index))
    line = cli_error(["query", "村道", "--index", str(index)])
    assert texts.name in line and "search index" in line
    for path in ("/?q=村道", "/report/a2021.txt"):
        answer = client.get(path)
        assert answer.status_code == 503
        assert f"<code>{line}</code>" in unescape(answer.text)
    assert client.get("/", params={"q": "村道", "format": "json"}).text == line + "\n"


@pytest.fixture
def opened_files() -> Iterator[list[str]]:
    """Every file the process opens while the test runs (an audit hook cannot be removed, so it
    records only while this fixture is active)."""
    seen: list[str] = []
    active = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if active and event == "open" and isinstance(args[0], (str, bytes, Path)):
            seen.append(str(args[0]))

    sys.addaudithook(hook)
    yield seen
    active.clear()


@pytest.mark.parametrize("path", [
    "/report/../../etc/passwd",
    "/report/%2E%2E/%2E%2E/etc/passwd",
    "/report/..%2F..%2Fetc%2Fpasswd",
    "/report/%2Fetc%2Fpasswd",
    "/report//etc/passwd",
    "/report/a2021.txt%00",
    "/report/a2021.txt%00.png",
    "/static/..%2F..%2Fweb%2Fapp.py",
    "/static/%2E%2E/app.py",
])
def test_no_path_leads_out_of_the_index_or_its_corpus(site: tuple[Path, Path], path: str,
                                                      opened_files: list[str]) -> None:
    corpus, index = site
    client = TestClient(create_app(index))
    client.get("/report/a2021.txt")
    opened_files.clear()
    assert client.get(path).status_code == 404
    package = Path(__file__).resolve().parents[2] / "search"
    allowed = (index.resolve(), corpus.resolve(), package, Path(sys.prefix).resolve(), Path(sys.base_prefix))
    outside = [f for f in opened_files if not any(Path(f).resolve().is_relative_to(a) for a in allowed)]
    assert outside == []


def test_an_absolute_path_of_a_corpus_file_is_not_a_report(site: tuple[Path, Path]) -> None:
    corpus, index = site
    assert TestClient(create_app(index)).get(f"/report/{(corpus / 'a2021.txt').resolve()}").status_code == 404


def test_markup_in_a_report_is_shown_as_text(site: tuple[Path, Path]) -> None:
    _, index = site
    client = TestClient(create_app(index))
    for page in (client.get("/", params={"q": "议事会"}).text, client.get("/report/a2021.txt").text):
        assert "<script>alert" not in page and "<img" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(2)&gt;" in page


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|javascript:", re.I)


def test_every_response_carries_the_policy_and_no_page_has_inline_script(site: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    _, index = site
    client = TestClient(create_app(index))
    answers = [client.get(path) for path in (
        "/", "/?q=议事会", "/?q=议事会&format=json", "/?q=议事会&format=csv", "/report/a2021.txt",
        "/report/missing.txt", "/?limit=999", "/nothing", "/static/app.css", "/static/app.js",
        "/static/vendor/htmx.min.js")]
    answers.append(TestClient(create_app(tmp_path / "nowhere")).get("/"))
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200, 404, 400, 404, 200, 200, 200, 503]
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        if answer.headers["content-type"].startswith("text/html"):
            assert not INLINE_SCRIPT.search(answer.text.replace("&lt;img src=x onerror", ""))


def test_requests_are_bounded(site: tuple[Path, Path]) -> None:
    _, index = site
    client = TestClient(create_app(index))
    long = client.get("/", params={"q": "村道", "town": "镇" * 6000})
    assert long.status_code == 414 and long.text.count("\n") == 1 and long.text.startswith("Error: ")
    assert client.post("/", content=b"q=x").status_code == 413
    assert client.get("/", params={"q": "村道", "town": ["镇"] * 21}).status_code == 400
