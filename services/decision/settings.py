"""Decision settings: the shared service settings with the decision database as default."""

from pydantic import Field

from services.common.settings import DATABASE_URL, ServiceSettings


class DecisionSettings(ServiceSettings):
    database_url: str = Field(default="sqlite:///.data/decision.db", validation_alias=DATABASE_URL)
