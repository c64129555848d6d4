"""Intake settings: the shared service settings with the intake database as default."""

from pydantic import Field

from services.common.settings import DATABASE_URL, ServiceSettings


class IntakeSettings(ServiceSettings):
    database_url: str = Field(default="sqlite:///.data/intake.db", validation_alias=DATABASE_URL)
    # MB_STATISTICS_MIN_CELL: the smallest group of proposers shown (voting's rule and name).
    statistics_min_cell: int = Field(default=5, ge=2, le=100)
