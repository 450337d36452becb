"""`search serve`: the app under uvicorn, on a socket bound here first, so that a port in use is
one line naming --port rather than uvicorn's log and traceback.

The loopback address is the default: the app shows every indexed report to whoever reaches it.
"""

from __future__ import annotations

import errno
import gc
import socket
import webbrowser
from pathlib import Path

from search.errors import SearchError

COLLECT_AFTER = (20_000, 20, 20)
"""The collector's thresholds while serving (Python's are 700, 10, 10): a search page makes tens of
thousands of short-lived objects, and collecting every 700 of them took a tenth of its CPU (4 ms of
a 35 ms page at 10,000 reports; 1 ms with these)."""

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
"""Hosts that only this machine reaches; any other makes `search serve` warn."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; a port in use or a host that is not this machine's is one line."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror as exc:
        raise SearchError(f"cannot serve on {host!r}: {exc.strerror}; give --host 127.0.0.1 or an address "
                          "of this machine") from None
    # named TCP, not left 0: asyncio turns Nagle off only on sockets that say so, and with it on a
    # short answer on a kept-alive connection waited 40 ms for the client's delayed acknowledgement
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise SearchError(f"port {port} on {host} is in use; choose another with --port, "
                              f"e.g. search serve --port {port + 1 if port < 65535 else 8001}") from None
        raise SearchError(f"cannot serve on {host}:{port}: {exc.strerror or exc}; choose another --host or --port") \
            from None
    return sock


def serve_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run(sock: socket.socket, index: Path | None, host: str, port: int, open_browser: bool = False) -> None:
    """Serves the app on `sock` (from `bind`) until Ctrl-C."""
    import uvicorn

    from search.web.app import create_app

    config = uvicorn.Config(create_app(index), log_level="warning", access_log=False, server_header=False,
                            h11_max_incomplete_event_size=32 * 1024, limit_concurrency=64)
    gc.set_threshold(*COLLECT_AFTER)
    if open_browser:
        webbrowser.open(serve_url(host, port))
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
