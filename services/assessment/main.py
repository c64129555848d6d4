"""The assessment service app (`uvicorn --factory services.assessment.main:create_app`, 8102)."""

from fastapi import FastAPI

from services.assessment import personal_data
from services.assessment.models import AssessmentModel
from services.assessment.routes import assessments, assignments, merges, rounds
from services.assessment.settings import AssessmentSettings
from services.common.app import create_service_app
from services.common.signals import TemporalSignaler


def create_app(settings: AssessmentSettings | None = None) -> FastAPI:
    """Build the app; tests pass their own database and replace ``app.state.signaler``."""
    settings = settings or AssessmentSettings()
    app = create_service_app(
        name="assessment",
        title="Medborgarbudget – bedömning",
        settings=settings,
        metadata=AssessmentModel.metadata,
        routers=[
            rounds.router,
            assessments.router,
            assignments.router,
            merges.router,
            personal_data.router,
        ],
    )
    app.state.signaler = TemporalSignaler(settings)
    return app
