"""Web front settings: where the four services are, and how the session cookie behaves."""

from typing import Self

from pydantic import Field, model_validator

from services.common.settings import PlatformSettings


class WebSettings(PlatformSettings):
    """``MB_*`` variables, the same service URLs the worker reads."""

    intake_url: str = "http://127.0.0.1:8101"
    assessment_url: str = "http://127.0.0.1:8102"
    voting_url: str = "http://127.0.0.1:8103"
    decision_url: str = "http://127.0.0.1:8104"
    notify_url: str = "http://127.0.0.1:8106"
    # MB_MAIL_DIR: where `make run`'s mail sink keeps the messages it got; set, the
    # development page /utveckling/e-post lists them (development mode only).
    mail_dir: str = ""
    # The dev identity provider (choose a test person) signs tokens with auth_secret: anyone
    # could sign in as an official. Development mode only (the default there); production
    # signs in through the kommun's identity provider.
    dev_login: bool | None = None
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
    # MB_MAX_BODY_BYTES: the largest form a page takes (the report upload has its own limit).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=64 * 1024 * 1024)
    # The kommun that runs the site, shown in every page's footer (docs/operations.md): its
    # name, a logo file (PNG or SVG, served from this site at /kommunlogga), and where
    # residents turn with questions.
    kommun_name: str = Field(default="", max_length=100)
    kommun_logo_file: str = ""
    kommun_contact_email: str = Field(default="", max_length=200)
    kommun_contact_phone: str = Field(default="", max_length=40)
    kommun_website: str = Field(default="", max_length=300)

    @model_validator(mode="after")
    def _kommun_website_is_a_web_address(self) -> Self:
        if self.kommun_website and not self.kommun_website.startswith(("https://", "http://")):
            raise ValueError("MB_KOMMUN_WEBSITE must start with https:// or http://")
        return self

    @model_validator(mode="after")
    def _dev_login_only_in_development(self) -> Self:
        development = self.environment == "development"
        if self.dev_login is None:
            self.dev_login = development
        elif self.dev_login and not development:
            raise ValueError("MB_DEV_LOGIN=true is for development mode only")
        return self
