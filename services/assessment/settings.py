"""Assessment settings: the shared service settings with the assessment database as default."""

from pydantic import Field

from services.common.settings import DATABASE_URL, ServiceSettings


class AssessmentSettings(ServiceSettings):
    database_url: str = Field(
        default="sqlite:///.data/assessment.db", validation_alias=DATABASE_URL
    )
