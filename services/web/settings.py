"""Web front settings: where the four services are, and how the session cookie behaves."""

from services.common.settings import PlatformSettings


class WebSettings(PlatformSettings):
    """``MB_*`` variables, the same service URLs the worker reads."""

    intake_url: str = "http://127.0.0.1:8101"
    assessment_url: str = "http://127.0.0.1:8102"
    voting_url: str = "http://127.0.0.1:8103"
    decision_url: str = "http://127.0.0.1:8104"
    # The dev identity provider (choose a test person) signs tokens with auth_secret. Turn it
    # off in production, where sign-in goes to the kommun's identity provider.
    dev_login: bool = True
    # The kommun's identity provider (OpenID Connect, authorization code flow). With both URLs
    # set, sign-in goes there instead of the dev page; its ID token is verified like any token
    # (MB_AUTH_JWKS_URL). public_url is this site's address, for the redirect URI.
    oidc_authorize_url: str = ""
    oidc_token_url: str = ""
    oidc_client_id: str = "medborgarbudget-web"
    oidc_client_secret: str = ""
    public_url: str = ""
    # Force the Secure flag on cookies behind a TLS-terminating proxy; https requests get it
    # anyway.
    cookie_secure: bool = False
    # Seconds to wait for a service (and the Temporal status query) before showing an error.
    backend_timeout: float = 10.0
