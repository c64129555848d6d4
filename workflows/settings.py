"""The worker's settings: the shared platform settings plus where the services listen."""

from pydantic import field_validator

from services.common.settings import PlatformSettings


class WorkerSettings(PlatformSettings):
    """Read from ``MB_TASK_QUEUE``, ``MB_INTAKE_URL``, ``MB_ASSESSMENT_URL``, ... ."""

    task_queue: str = "medborgarbudget"
    intake_url: str = "http://127.0.0.1:8101"
    assessment_url: str = "http://127.0.0.1:8102"
    voting_url: str = "http://127.0.0.1:8103"
    decision_url: str = "http://127.0.0.1:8104"

    @field_validator("intake_url", "assessment_url", "voting_url", "decision_url")
    @classmethod
    def _without_trailing_slash(cls, url: str) -> str:
        """Paths are appended as ``/rounds/...``."""
        return url.rstrip("/")
