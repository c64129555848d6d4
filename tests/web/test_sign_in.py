"""Sign-in through the dev identity provider (authorization code flow), the session cookie's
protection, and CSRF on every form."""

from urllib.parse import parse_qs, urlparse

import httpx
from fastapi import FastAPI, HTTPException, Request
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from services.web.session import CSRF_COOKIE, SESSION_COOKIE
from tests.web.in_process import csrf, web_client


def _set_cookie(answer: httpx.Response, name: str) -> str:
    headers: list[str] = answer.headers.get_list("set-cookie")
    return next(h for h in headers if h.startswith(f"{name}="))


def _choose(client: TestClient, person: str) -> tuple[str, str]:
    """Start at the sign-in, choose a person: the callback URL the provider sends back to."""
    start = client.get("/logga-in?next=/omgangar/are-2027/rosta")
    assert start.status_code == 303
    page = start.headers["location"]
    state = parse_qs(urlparse(page).query)["state"][0]
    token = csrf(client, page)
    chosen = client.post(
        "/dev-idp/authorize", data={"person": person, "state": state, "csrf_token": token}
    )
    assert chosen.status_code == 303, chosen.text
    return chosen.headers["location"], state


def test_sign_in_keeps_the_token_in_an_http_only_lax_cookie(database_url: str) -> None:
    with web_client(database_url) as client:
        callback, _ = _choose(client, "kim")
        done = client.get(callback)
        assert done.status_code == 303
        assert done.headers["location"] == "/omgangar/are-2027/rosta"
        cookie = _set_cookie(done, SESSION_COOKIE).lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
        page = client.get("/tillganglighet")
        assert "Inloggad som Kim Andersson" in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        # A code works once.
        client.cookies.delete(SESSION_COOKIE)
        assert client.get(callback).status_code == 400


def test_over_https_the_cookies_are_secure(database_url: str) -> None:
    with web_client(database_url, base_url="https://testserver") as client:
        callback, _ = _choose(client, "anna")
        cookie = _set_cookie(client.get(callback), SESSION_COOKIE).lower()
        assert "secure" in cookie and "httponly" in cookie


def test_a_callback_with_another_state_is_refused(database_url: str) -> None:
    with web_client(database_url) as client:
        callback, state = _choose(client, "kim")
        forged = callback.replace(state, "forged-state")
        answer = client.get(forged)
        assert answer.status_code == 400
        assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")


def test_sign_in_only_returns_to_this_site(database_url: str) -> None:
    with web_client(database_url) as client:
        start = client.get("/logga-in?next=//evil.example/")
        assert _set_cookie(start, "mb_oidc_state").split(";")[0].strip('"').endswith("|/")


def test_forms_without_the_csrf_token_are_refused(database_url: str) -> None:
    with web_client(database_url) as client:
        csrf(client, "/dev-idp/authorize?state=s")
        assert client.cookies.get(CSRF_COOKIE)
        refused = client.post("/dev-idp/authorize", data={"person": "kim", "state": "s"})
        assert refused.status_code == 403
        wrong = client.post(
            "/dev-idp/authorize", data={"person": "kim", "state": "s", "csrf_token": "other"}
        )
        assert wrong.status_code == 403
        assert "Formuläret hade gått ut" in wrong.text


def test_no_person_chosen_is_said_beside_the_choice(database_url: str) -> None:
    with web_client(database_url) as client:
        token = csrf(client, "/dev-idp/authorize?state=s")
        answer = client.post("/dev-idp/authorize", data={"state": "s", "csrf_token": token})
        assert answer.status_code == 422
        assert 'href="#f-person"' in answer.text and 'id="e-person"' in answer.text


def test_a_page_for_voters_sends_a_stranger_to_sign_in(database_url: str) -> None:
    with web_client(database_url) as client:
        answer = client.get("/omgangar/are-2027/rosta")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/logga-in?next=/omgangar/are-2027/rosta"


def _identity_provider(seen: list[dict[str, str]]) -> FastAPI:
    """A stand-in for the kommun's provider's token endpoint: one code, one ID token."""
    provider = FastAPI()

    @provider.post("/token")
    async def token(request: Request) -> dict[str, str]:
        form = {k: str(v) for k, v in (await request.form()).items()}
        seen.append(form)
        if form.get("code") != "good-code":
            raise HTTPException(400, "invalid_grant")
        claims = {"birthdate": "1985-06-12"}
        id_token = issue_token(PlatformSettings(), "19850612-1238", [Role.RESIDENT],
                               name="Kim Andersson", claims=claims)  # fmt: skip
        return {"id_token": id_token, "token_type": "Bearer"}

    return provider


def test_the_kommuns_identity_provider_replaces_the_dev_page(database_url: str) -> None:
    seen: list[dict[str, str]] = []
    with web_client(
        database_url,
        apps={"idp.test": _identity_provider(seen)},
        dev_login=False,
        oidc_authorize_url="https://idp.test/authorize",
        oidc_token_url="http://idp.test/token",
        oidc_client_secret="client-secret",
        public_url="https://budget.example.se",
    ) as client:
        start = client.get("/logga-in?next=/tillganglighet")
        target = urlparse(start.headers["location"])
        assert (target.netloc, target.path) == ("idp.test", "/authorize")
        query = parse_qs(target.query)
        assert query["redirect_uri"] == ["https://budget.example.se/auth/callback"]
        state = query["state"][0]
        assert client.get("/dev-idp/authorize").status_code == 404
        assert client.get(f"/auth/callback?code=bad-code&state={state}").status_code == 400
        done = client.get(f"/auth/callback?code=good-code&state={state}")
        assert done.status_code == 303 and done.headers["location"] == "/tillganglighet"
        assert seen[-1]["client_secret"] == "client-secret"
        assert seen[-1]["grant_type"] == "authorization_code"
        assert "Inloggad som Kim Andersson" in client.get("/tillganglighet").text
