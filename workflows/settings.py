"""The worker's settings: the shared platform settings plus where the services listen."""

from typing import Self

from pydantic import Field, field_validator, model_validator

from services.common.settings import PlatformSettings


class WorkerSettings(PlatformSettings):
    """Read from ``MB_TASK_QUEUE``, ``MB_INTAKE_URL``, ``MB_ASSESSMENT_URL``, ... ."""

    task_queue: str = "medborgarbudget"
    intake_url: str = "http://127.0.0.1:8101"
    assessment_url: str = "http://127.0.0.1:8102"
    voting_url: str = "http://127.0.0.1:8103"
    decision_url: str = "http://127.0.0.1:8104"
    # MB_NOTIFY_URL: the notify service, which reaches residents and officials by e-mail and
    # the digital mailbox; empty: announcements are off (the CloudEvent notifications stay).
    notify_url: str = "http://127.0.0.1:8106"
    # The kommun's systems (workflows/integrations.py). An empty URL switches the adapter off;
    # each request is signed with HMAC-SHA256 under the matching secret.
    notification_url: str = ""
    notification_secret: str = ""
    diarium_url: str = ""
    diarium_secret: str = ""
    # MB_METRICS_ADDRESS: host:port where the Temporal SDK's Prometheus metrics are served
    # (http://host:port/metrics); empty switches them off. `make run` serves them on :8105.
    metrics_address: str = ""
    # MB_GRACEFUL_SHUTDOWN_SECONDS: on SIGTERM/SIGINT running activities get this long to
    # finish before they are cancelled (and retried by another worker).
    graceful_shutdown_seconds: float = Field(default=30.0, gt=0, le=600)

    @field_validator(
        "intake_url", "assessment_url", "voting_url", "decision_url", "notify_url", "diarium_url"
    )
    @classmethod
    def _without_trailing_slash(cls, url: str) -> str:
        """Paths are appended (``/rounds/...``, ``/cases``)."""
        return url.rstrip("/")

    @model_validator(mode="after")
    def _signed(self) -> Self:
        """An unsigned request to the kommun could be forged by anyone; refuse to start."""
        for system in ("notification", "diarium"):
            if getattr(self, f"{system}_url") and not getattr(self, f"{system}_secret"):
                name = f"MB_{system.upper()}"
                raise ValueError(f"{name}_URL is set, so {name}_SECRET must be set too")
        return self
