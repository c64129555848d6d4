"""The lane protocol answers over real sockets exactly as plain uvicorn does, byte for byte
(but the date), in every HTTP situation a lane's request can meet: keep-alive, pipelining,
``Expect: 100-continue``, chunked bodies, ``Connection: close``, HTTP/1.0, a body too large,
a request the lane gives back to the app, and a lane that fails."""

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn
from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.responses import Response
from starlette.types import Scope
from uvicorn.importer import import_from_string

from medborgarbudget.stack import LANE_PROTOCOL
from services.common.errors import Problem, install_problem_handlers
from services.common.fast_lane import FastLane, LanedFastAPI
from services.common.lane_protocol import LaneHttpProtocol, laned_app

LANE_PATH = "/rounds/{round_id}/echo"


class _Metrics:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str, int]] = []

    def observe(self, method: str, template: str, status: int, _seconds: float) -> None:
        self.seen.append((method, template, status))


async def _echo(
    scope: Scope, headers: dict[bytes, bytes], match: re.Match[str], body: bytes
) -> Response | None:
    if body == b"give back":
        return None
    if body == b"fail":
        raise RuntimeError("the lane broke")
    if body == b"refuse":
        raise Problem(409, "Nej.", code="refused")
    if body == b"who":  # the caller as the app sees it
        answer = b'{"client":"%s","scheme":"%s"}' % (
            scope["client"][0].encode(),
            scope["scheme"].encode(),
        )
        return Response(answer, status_code=200, media_type="application/json")
    answer = b'{"round":"%s","body":"%s"}' % (match["round_id"].encode(), body)
    return Response(answer, status_code=201, media_type="application/json")


def _app() -> LanedFastAPI:
    app = LanedFastAPI()
    app.state.metrics = _Metrics()
    path = re.compile(r"/rounds/(?P<round_id>[a-z0-9-]+)/echo")
    app.state.fast_lanes = [FastLane("POST", path, LANE_PATH, _echo, max_body=64)]
    install_problem_handlers(app)

    @app.post(LANE_PATH)
    async def route(round_id: str, request: Request) -> JSONResponse:
        return JSONResponse({"route": round_id, "body": (await request.body()).decode()})

    return app


@contextmanager
def _serve(kind: str) -> Iterator[tuple[int, LanedFastAPI]]:
    """A real uvicorn on loopback: with the lane protocol, or plain httptools (the reference)."""
    app = _app()
    http: Any = LaneHttpProtocol if kind == "lanes" else "httptools"
    config = uvicorn.Config(app, http=http, loop="asyncio", log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started:
        assert time.monotonic() < deadline, "uvicorn did not start within 10 s"
        time.sleep(0.01)
    try:
        yield sock.getsockname()[1], app
    finally:
        instance.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(params=["lanes", "plain"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[int, LanedFastAPI]]:
    with _serve(request.param) as served:
        yield served


def _exchange(port: int, data: bytes, answers: int = 1, wait_close: bool = False) -> bytes:
    """Send raw bytes; read until ``answers`` complete responses arrived (or the close)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(data)
        received = b""
        while wait_close or _complete(received) < answers:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
        return received


def _complete(received: bytes) -> int:
    count, rest = 0, received
    while b"\r\n\r\n" in rest:
        head, rest = rest.split(b"\r\n\r\n", 1)
        if head.startswith(b"HTTP/1.1 100"):
            continue
        length = int(re.search(rb"content-length: (\d+)", head, re.I)[1])  # type: ignore[index]
        if len(rest) < length:
            break
        count, rest = count + 1, rest[length:]
    return count


def _post(path: str, body: bytes, *extra: str, version: str = "1.1") -> bytes:
    head = [f"POST {path} HTTP/{version}", "host: test", "content-type: application/json", *extra]
    if not any(h.lower().startswith("transfer-encoding") for h in extra):
        head.append(f"content-length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def _undated(answer: bytes) -> bytes:
    return re.sub(rb"date: [^\r]+\r\n", b"", answer)


def test_a_lane_request_is_answered_by_the_lane(server: tuple[int, LanedFastAPI]) -> None:
    port, app = server
    answer = _exchange(port, _post("/rounds/r-1/echo", b"hello"))
    assert _undated(answer) == (
        b"HTTP/1.1 201 Created\r\nserver: uvicorn\r\ncontent-length: 30\r\n"
        b'content-type: application/json\r\n\r\n{"round":"r-1","body":"hello"}'
    )
    assert app.state.metrics.seen == [("POST", LANE_PATH, 201)]


def test_pipelined_requests_are_answered_in_order(server: tuple[int, LanedFastAPI]) -> None:
    port, _ = server
    requests = [_post("/rounds/a/echo", b"1"), _post("/rounds/b/echo", b"give back"),
                _post("/rounds/c/echo", b"3")]  # fmt: skip
    answer = _exchange(port, b"".join(requests), answers=3)
    bodies = re.findall(rb"\r\n\r\n(\{[^}]*\})", answer)
    assert bodies == [b'{"round":"a","body":"1"}', b'{"route":"b","body":"give back"}',
                      b'{"round":"c","body":"3"}']  # fmt: skip


def test_a_request_given_back_reaches_the_route_with_its_body(
    server: tuple[int, LanedFastAPI],
) -> None:
    port, app = server
    answer = _exchange(port, _post("/rounds/r-1/echo", b"give back"))
    assert answer.startswith(b"HTTP/1.1 200 OK")
    assert answer.endswith(b'{"route":"r-1","body":"give back"}')
    assert app.state.metrics.seen == []  # the route's own metrics are not installed here


def test_an_idempotent_request_goes_to_the_route(server: tuple[int, LanedFastAPI]) -> None:
    port, _ = server
    answer = _exchange(port, _post("/rounds/r-1/echo", b"x", "idempotency-key: k-1"))
    assert answer.endswith(b'{"route":"r-1","body":"x"}')


def test_expect_100_continue_gets_its_interim_answer(server: tuple[int, LanedFastAPI]) -> None:
    port, _ = server
    answer = _exchange(port, _post("/rounds/r-1/echo", b"hi", "expect: 100-continue"))
    assert answer.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created")


@pytest.mark.parametrize("body", [b"hello", b"x" * 65], ids=["whole", "too-large"])
def test_a_body_that_comes_after_its_headers_is_waited_for(
    server: tuple[int, LanedFastAPI], body: bytes
) -> None:
    port, _ = server
    request = _post("/rounds/r-1/echo", body)
    head, rest = request[: len(request) - len(body) + 2], request[len(request) - len(body) + 2 :]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(head)
        time.sleep(0.1)  # the lane is already waiting for the rest of the body
        connection.sendall(rest)
        received = b""
        while _complete(received) < 1:
            received += connection.recv(65536)
    expected = b'"body":"hello"}' if body == b"hello" else b"request-too-large"
    assert expected in received


def test_a_chunked_body_is_read_whole(server: tuple[int, LanedFastAPI]) -> None:
    port, _ = server
    chunked = _post("/rounds/r-1/echo", b"3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n",
                    "transfer-encoding: chunked")  # fmt: skip
    assert _exchange(port, chunked).endswith(b'{"round":"r-1","body":"hello"}')


@pytest.mark.parametrize(
    ("extra", "version"), [(("connection: close",), "1.1"), ((), "1.0")], ids=["close", "1.0"]
)
def test_the_connection_closes_when_the_client_asks(
    server: tuple[int, LanedFastAPI], extra: tuple[str, ...], version: str
) -> None:
    port, _ = server
    answer = _exchange(port, _post("/rounds/r-1/echo", b"x", *extra, version=version),
                       wait_close=True)  # fmt: skip
    assert b"\r\nconnection: close\r\n" in answer
    assert answer.endswith(b'{"round":"r-1","body":"x"}')


def test_keep_alive_serves_the_next_request_after_a_lane_answer(
    server: tuple[int, LanedFastAPI],
) -> None:
    port, _ = server
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        for body in (b"one", b"two"):
            connection.sendall(_post("/rounds/r-1/echo", body))
            received = b""
            while _complete(received) < 1:
                received += connection.recv(65536)
            assert received.endswith(b'"body":"%s"}' % body)


def test_problems_and_failures_become_problem_answers(server: tuple[int, LanedFastAPI]) -> None:
    port, app = server
    refused = _exchange(port, _post("/rounds/r-1/echo", b"refuse"))
    failed = _exchange(port, _post("/rounds/r-1/echo", b"fail"))
    too_large = _exchange(port, _post("/rounds/r-1/echo", b"x" * 65))
    assert refused.startswith(b"HTTP/1.1 409 ") and b"problem/refused" in refused
    assert failed.startswith(b"HTTP/1.1 500 ") and b"application/problem+json" in failed
    assert too_large.startswith(b"HTTP/1.1 413 ") and b"request-too-large" in too_large
    assert [status for *_, status in app.state.metrics.seen] == [409, 500, 413]


def test_both_servers_answer_alike() -> None:
    """The same exchanges through both, compared byte for byte but the date."""
    bodies = [b"hello", b"give back", b"refuse", b"fail", b"x" * 65]
    exchanges = [_post("/rounds/r-1/echo", body, "connection: close") for body in bodies]
    answers: dict[str, list[bytes]] = {}
    for kind in ("lanes", "plain"):
        with _serve(kind) as (port, _):
            answers[kind] = [_undated(_exchange(port, data, wait_close=True)) for data in exchanges]
    assert answers["lanes"] == answers["plain"]


PROXIED = ("x-forwarded-for: 203.0.113.9", "x-forwarded-proto: https")


@pytest.mark.parametrize(
    ("forwarded", "seen"),
    [(PROXIED, b'"203.0.113.9","scheme":"https"'), ((), b'"127.0.0.1","scheme":"http"')],
    ids=["behind-a-proxy", "direct"],
)
def test_a_lane_sees_the_client_a_trusted_proxy_forwards(
    server: tuple[int, LanedFastAPI], forwarded: tuple[str, ...], seen: bytes
) -> None:
    """uvicorn trusts a proxy on loopback by default (``--forwarded-allow-ips``)."""
    port, _ = server
    answer = _exchange(port, _post("/rounds/r-1/echo", b"who", *forwarded))
    assert answer.endswith(b'{"client":' + seen + b"}")


def test_the_lane_app_is_found_inside_uvicorns_wrappers() -> None:
    app = _app()
    config = uvicorn.Config(app, proxy_headers=True)
    config.load()
    assert config.loaded_app is not app  # wrapped in ProxyHeadersMiddleware
    assert laned_app(config.loaded_app) is app
    assert laned_app(object()) is None


def test_the_services_are_served_with_the_lane_protocol() -> None:
    assert import_from_string(LANE_PROTOCOL) is LaneHttpProtocol
