"""The real-browser harness: the web app served by uvicorn on a free port, and Debian's Chromium.

The browser tests check what a reader sees, so they run the app as `search serve` does (uvicorn,
a real socket, static files, scripts executed) rather than through the test client. Chromium and
its driver are Debian's (`/usr/bin/chromium`, `/usr/bin/chromedriver`): Selenium's own driver
download needs the network, which tests never have. The browser gets a fresh profile and every
background service off, so a run is the same offline as online. docs/screenshots.py takes the
README's pictures through the same harness.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


def free_socket() -> socket.socket:
    """A socket bound to a port the system chose, handed to uvicorn so that no two runs collide."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serving(index: Path) -> Iterator[str]:
    """The app of `search serve` over `index`, under uvicorn in a thread; yields its base URL."""
    import uvicorn

    from search.web.app import create_app

    sock = free_socket()
    server = uvicorn.Server(uvicorn.Config(create_app(index), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web app did not start under uvicorn")
        time.sleep(0.05)
    host, port = sock.getsockname()[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_SECONDS)
        sock.close()


def missing_browser() -> str | None:
    """The one line that says how to install what is missing, or None."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    return f"{', '.join(missing)} not found: run `{INSTALL_HINT}`" if missing else None


def chromium(profile: Path) -> Any:
    """Headless Chromium through Debian's chromedriver, with `profile` as its own profile folder
    and the console kept for `severe_messages`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)


def wait_for(browser: Any, condition: Callable[[Any], Any], what: str) -> Any:
    """The first truthy value of `condition(browser)`; a page updated by htmx changes under the test."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT_SECONDS).until(condition, message=f"waited for {what}")


def severe_messages(browser: Any) -> list[str]:
    """The console's errors since the last call (a script the CSP refused, one that failed), but a
    missing favicon."""
    return [entry["message"] for entry in browser.get_log("browser")
            if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]
