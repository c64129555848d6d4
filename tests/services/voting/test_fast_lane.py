"""The cast's fast lane answers exactly as the route does, refusals included."""

from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.voting.main import create_app
from services.voting.settings import VotingSettings
from tests.conftest import TokenFactory
from tests.services.voting.conftest import ROUND, stored_ballots

URL = f"/rounds/{ROUND}/ballots"


def _route_only(settings: VotingSettings) -> FastAPI:
    app = create_app(settings)
    app.state.fast_lanes = []
    return app


def _requests(auth: TokenFactory, voter: str) -> list[tuple[str, dict[str, Any]]]:
    resident = auth(Role.RESIDENT, subject=voter)
    return [
        (URL, {"json": {"choices": [1, 3]}, "headers": resident}),
        (URL, {"json": {"choices": [2]}, "headers": resident}),  # replaces: 200
        (URL, {"json": {"choices": [1]}}),
        (URL, {"json": {"choices": [1]}, "headers": {"Authorization": "Bearer not.a.token"}}),
        (URL, {"json": {"choices": [1]}, "headers": auth(Role.OFFICIAL)}),
        (
            URL,
            {"content": b"{not json", "headers": {**resident, "content-type": "application/json"}},
        ),
        (
            URL,
            {"content": b'{"choices": [1]}', "headers": {**resident, "content-type": "text/plain"}},
        ),
        (URL, {"json": {"choices": [1, 1]}, "headers": resident}),
        (URL, {"json": {"choices": [1, 2, 3, 4]}, "headers": resident}),  # max_choices 3
        (URL, {"json": {"choices": [99]}, "headers": resident}),
        (URL, {"json": {"choices": [1], "points": [2]}, "headers": resident}),
        ("/rounds/Not_A_Round/ballots", {"json": {"choices": [1]}, "headers": resident}),
        ("/rounds/nowhere-2027/ballots", {"json": {"choices": [1]}, "headers": resident}),
    ]


def _comparable(answer: httpx.Response) -> tuple[int, str, Any]:
    body = answer.json()
    if answer.status_code < 300:  # a receipt: its code and time differ from cast to cast
        body = (sorted(body), body["round_id"], body["replaced"])
    return answer.status_code, answer.headers["content-type"], body


def test_the_lane_and_the_route_give_the_same_answers(
    client: TestClient,
    auth: TokenFactory,
    open_round: str,
    app_settings: VotingSettings,
    system: dict[str, str],
) -> None:
    with TestClient(_route_only(app_settings)) as route:
        lane_answers = [client.post(url, **kw) for url, kw in _requests(auth, "199001011234")]
        route_answers = [route.post(url, **kw) for url, kw in _requests(auth, "198502023456")]
        client.post(f"/rounds/{ROUND}/close", headers=system)
        lane_closed = client.post(URL, json={"choices": [4]}, headers=auth(Role.RESIDENT))
        route_closed = route.post(URL, json={"choices": [4]}, headers=auth(Role.RESIDENT))
    assert [a.status_code for a in lane_answers[:3]] == [201, 200, 401]
    assert [_comparable(a) for a in lane_answers] == [_comparable(a) for a in route_answers]
    assert _comparable(lane_closed) == _comparable(route_closed)
    assert lane_closed.status_code == 409
    assert sorted(b.choices for b in stored_ballots(client)) == [[2], [2]]


def test_lane_answers_are_counted_under_the_route_template(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    assert client.post(URL, json={"choices": [1]}, headers=auth(Role.RESIDENT)).status_code == 201
    metrics = client.get("/metrics").text
    assert 'route="/rounds/{round_id}/ballots",service="voting",status="201"' in metrics


def test_an_oversized_cast_is_413_before_it_is_read_whole(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    padding = " " * (64 * 1024)
    body = f'{{"choices": [1],{padding}"points": null}}'.encode()
    headers = {**auth(Role.RESIDENT), "content-type": "application/json"}
    answer = client.post(URL, content=body, headers=headers)
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"].endswith("/request-too-large")
    assert stored_ballots(client) == []
