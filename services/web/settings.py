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
    # Force the Secure flag on cookies behind a TLS-terminating proxy; https requests get it
    # anyway.
    cookie_secure: bool = False
    # Seconds to wait for a service (and the Temporal status query) before showing an error.
    backend_timeout: float = 10.0
