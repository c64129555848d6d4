"""Every route of every service against every caller: refused exactly when the access matrix
(services/common/access_matrix.py) says so, and no route without a declared policy.

The requests carry minimal bodies: an allowed caller is "let through" when the answer is
anything but 401/403 (a 404 or 422 from the handler still means the guard opened), so the test
needs no data and cannot pass by accident because a request happened to fail."""

from collections.abc import Iterator
from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient

from services.common.access_matrix import ACCESS, ANONYMOUS, CALLERS
from services.common.auth import KOMMUN_BOUND, Role, issue_token
from services.common.settings import ServiceSettings
from tests.services.helpers import assert_problem
from tests.trust.apps import PATH_VALUES, SERVICES, concrete, headers_for, routes, service_app
from tests.trust.fuzz_seeds import ROUND as SEED_ROUND
from tests.trust.fuzz_seeds import SEEDS

ROUTES = sorted(ACCESS)
OTHER = "Stockholm"


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, TestClient]]:
    folder = tmp_path_factory.mktemp("matrix")
    apps = {name: service_app(name, f"sqlite:///{folder}/{name}.db") for name in SERVICES}
    clients = {name: TestClient(app, raise_server_exceptions=False) for name, app in apps.items()}
    yield clients
    for client in clients.values():
        client.close()


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_has_a_declared_policy(service: str, clients: dict[str, TestClient]) -> None:
    served = routes(clients[service].app)  # type: ignore[arg-type]
    declared = {(method, path) for (name, method, path) in ACCESS if name == service}
    assert served - declared == set(), "routes without a policy in access_matrix.ACCESS"
    assert declared - served == set(), "policies for routes the service does not have"


@pytest.mark.parametrize(("service", "method", "path"), ROUTES, ids=lambda v: str(v))
def test_route_refuses_exactly_the_callers_the_matrix_refuses(
    service: str, method: str, path: str, clients: dict[str, TestClient]
) -> None:
    allowed = ACCESS[(service, method, path)]
    client = clients[service]
    wrong: list[str] = []
    for caller in CALLERS:
        body: dict[str, object] | None = {} if method in ("POST", "PUT") else None
        answer = client.request(method, concrete(path), json=body, headers=headers_for(caller))
        assert answer.status_code < 500, (caller, answer.text)
        refused = answer.status_code in (401, 403)
        if refused == (caller in allowed):
            wrong.append(f"{caller}: {answer.status_code} {answer.text[:120]}")
        elif refused:
            assert_problem(answer, 401 if caller == ANONYMOUS else 403)
    assert wrong == [], f"{method} {path} on {service} disagrees with the matrix"


def _signed(claims: dict[str, object], key: str, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def _bad_tokens() -> dict[str, str]:
    settings = ServiceSettings()
    good = {
        "sub": "u",
        "roles": [r.value for r in Role],
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "exp": 9_999_999_999,
    }
    return {
        "expired": issue_token(settings, "u", list(Role), ttl=timedelta(seconds=-5)),
        "wrong signature": _signed(good, "another-secret-of-sufficient-length-0123456789"),
        "wrong issuer": _signed({**good, "iss": "someone-else"}, settings.auth_secret),
        "wrong audience": _signed({**good, "aud": "someone-else"}, settings.auth_secret),
        "no expiry": _signed({k: v for k, v in good.items() if k != "exp"}, settings.auth_secret),
        "no audience": _signed({k: v for k, v in good.items() if k != "aud"}, settings.auth_secret),
        "unsigned": _signed(good, "", algorithm="none"),
        "not a token": "not-a-jwt",
    }


BAD_TOKENS = _bad_tokens()
GUARDED = [route for route in ROUTES if ANONYMOUS not in ACCESS[route]]


@pytest.mark.parametrize("kind", sorted(BAD_TOKENS))
def test_bad_tokens_are_refused_on_every_guarded_route(
    kind: str, clients: dict[str, TestClient]
) -> None:
    """A token with every role is still refused when expired, forged, for another issuer or
    audience, missing its expiry, or unsigned."""
    headers = {"Authorization": f"Bearer {BAD_TOKENS[kind]}"}
    for service, method, path in GUARDED:
        body: dict[str, object] | None = {} if method in ("POST", "PUT") else None
        answer = clients[service].request(method, concrete(path), json=body, headers=headers)
        assert_problem(answer, 401, "unauthorized")


BOUND = {role.value for role in KOMMUN_BOUND}
# A round's routes; a person's own contact data (notify's /contacts/me) is no kommun's.
KOMMUN_ROUTES = [route for route in GUARDED if ACCESS[route] & BOUND and "{round_id}" in route[2]]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, TestClient]]:
    """Each service with Åre's round set up (tests/trust/fuzz_seeds.py)."""
    folder = tmp_path_factory.mktemp("kommun-matrix")
    clients: dict[str, TestClient] = {}
    for name in SERVICES:
        app = service_app(name, f"sqlite:///{folder}/{name}.db")
        clients[name] = TestClient(app, raise_server_exceptions=False)
        SEEDS[name](clients[name])
    yield clients
    for client in clients.values():
        client.close()


@pytest.mark.parametrize(("service", "method", "path"), KOMMUN_ROUTES, ids=lambda v: str(v))
def test_kommun_bound_callers_act_only_in_their_own_kommuns_round(
    service: str, method: str, path: str, seeded: dict[str, TestClient]
) -> None:
    """The kommun dimension: in Åre's round a kommun-bound caller from Stockholm is refused
    (403 other-kommun) where one from Åre is let through; the other callers the matrix allows
    (system, hosting, residents, companies) are let through whatever kommun they name."""
    url = concrete(path).replace(PATH_VALUES["round_id"], SEED_ROUND)
    body: dict[str, object] | None = {} if method in ("POST", "PUT") else None
    client = seeded[service]
    for caller in sorted(ACCESS[(service, method, path)]):
        elsewhere = client.request(
            method, url, json=body, headers=headers_for(caller, kommun=OTHER)
        )
        if caller in BOUND:
            assert_problem(elsewhere, 403, "other-kommun")
            at_home = client.request(method, url, json=body, headers=headers_for(caller))
            assert at_home.status_code not in (401, 403), (caller, at_home.text)
        else:
            assert elsewhere.status_code not in (401, 403), (caller, elsewhere.text)
