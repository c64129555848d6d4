"""Intake settings: the shared service settings with the intake database as default."""

from pydantic import Field

from services.common.settings import DATABASE_URL, ServiceSettings


class IntakeSettings(ServiceSettings):
    database_url: str = Field(default="sqlite:///.data/intake.db", validation_alias=DATABASE_URL)
