"""The intake service app (`uvicorn --factory services.intake.main:create_app`, port 8101)."""

from fastapi import FastAPI
from sqlmodel import Session, func, select

from services.common.app import create_service_app
from services.intake import personal_data
from services.intake.models import IntakeModel, Proposal
from services.intake.routes import (
    comment_moderation,
    comments,
    meetings,
    moderation,
    open_questions,
    proposals,
    proposer_changes,
    proposer_statistics,
    rounds,
)
from services.intake.settings import IntakeSettings


def _proposals(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Proposal)).one()


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    """Build the app; tests pass settings pointing at their own database."""
    return create_service_app(
        name="intake",
        title="Medborgarbudget – förslag",
        settings=settings or IntakeSettings(),
        metadata=IntakeModel.metadata,
        routers=[
            rounds.router,
            proposals.router,
            proposer_statistics.router,
            proposer_changes.router,
            moderation.router,
            comments.router,
            comment_moderation.router,
            open_questions.router,
            meetings.router,
            personal_data.router,
        ],
        gauges=[("mb_proposals", "Antal inlämnade förslag, alla omgångar", _proposals)],
    )
