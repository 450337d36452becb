"""`search serve`: a port in use and a host other than this machine, each said in one line."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from search.cli.commands import app as cli

runner = CliRunner()


@pytest.fixture
def taken() -> Iterator[int]:
    """A port something else listens on, on every address."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("0.0.0.0", 0))
        holder.listen(1)
        yield holder.getsockname()[1]


def test_a_port_in_use_is_one_line_naming_port(taken: int, tmp_path: object) -> None:
    result = runner.invoke(cli, ["serve", "--port", str(taken), "--index", str(tmp_path)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: port {taken} on 127.0.0.1 is in use; choose another with --port, "
                      f"e.g. search serve --port {taken + 1}"]
    assert "Traceback" not in result.output


def test_a_host_other_than_loopback_is_warned_about(taken: int, tmp_path: object) -> None:
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--port", str(taken), "--index", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("Warning: --host 0.0.0.0 lets other machines read every indexed report; "
                                             "the default 127.0.0.1 keeps it to this one")


def test_loopback_is_the_default_host() -> None:
    result = runner.invoke(cli, ["serve", "--help"])
    assert "127.0.0.1" in result.stdout


def test_answers_are_sent_without_waiting_for_the_last_ones_acknowledgement() -> None:
    """A connection accepted on the bound socket sends small writes at once (TCP_NODELAY): else a
    short answer on a kept-alive connection (an htmx partial, a zero-hit page) waited 40 ms for the
    browser's delayed acknowledgement of its headers."""
    import asyncio

    from search.web.serve import bind

    async def accepted_nodelay() -> int:
        flags: list[int] = []
        done = asyncio.Event()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                flags.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                done.set()

        sock = bind("127.0.0.1", 0)
        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", sock.getsockname()[1])
            await asyncio.wait_for(done.wait(), 5)
            writer.close()
        finally:
            server.close()
        return flags[0]

    assert asyncio.run(accepted_nodelay()) == 1
