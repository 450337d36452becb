"""The real-browser harness: the web app served by uvicorn over an index of the seeds, and Chromium.

The browser tests check what a reader sees, so they run the app as `search serve` does (uvicorn,
a real socket, static files, scripts executed) rather than through the test client. Chromium and
its driver are Debian's (`/usr/bin/chromium`, `/usr/bin/chromedriver`): Selenium's own driver
download needs the network, which tests never have. The browser gets a fresh profile and every
background service off, so a run is the same offline as online.

The fixtures are named `live_*` and `browser` so that they never shadow the app tests' own.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_HINT = "apt-get install -y chromium chromium-driver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
    "--lang=zh-CN",
)
STARTUP_SECONDS = 20.0
WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class LiveServer:
    """A running app: its base URL and the index it serves."""

    url: str
    index: Path

    def at(self, path: str) -> str:
        return self.url + path


def free_socket() -> socket.socket:
    """A listening socket on a port the system chose, handed to uvicorn so no two runs collide."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="session")
def live_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the seeds, built once for every browser test, in a temp folder."""
    from support import build_seeds_index

    return build_seeds_index(tmp_path_factory.mktemp("web-seeds") / "index")


@pytest.fixture(scope="session")
def live_server(live_index: Path) -> Iterator[LiveServer]:
    """The app of `search serve` under uvicorn in a thread, on 127.0.0.1 and a free port."""
    import uvicorn

    from search.web.app import create_app

    sock = free_socket()
    config = uvicorn.Config(create_app(live_index), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web app did not start under uvicorn")
        time.sleep(0.05)
    host, port = sock.getsockname()[:2]
    try:
        yield LiveServer(f"http://{host}:{port}", live_index)
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_SECONDS)
        sock.close()


def chromium_options(profile: Path):  # type: ignore[no-untyped-def]
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    return options


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Headless Chromium driven through Debian's chromedriver, with a profile of its own."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found: run `{INSTALL_HINT}`", pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=chromium_options(profile))
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
