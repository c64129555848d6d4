"""Builds the voting app (``uvicorn --factory services.voting.main:create_app``)."""

from fastapi import FastAPI

from services.common.app import create_service_app
from services.voting.models import VotingModel
from services.voting.routes import ballot_definition, ballots, results
from services.voting.settings import VotingSettings


def create_app(settings: VotingSettings | None = None) -> FastAPI:
    return create_service_app(
        name="voting",
        title="Medborgarbudget – röstning",
        settings=settings or VotingSettings(),
        metadata=VotingModel.metadata,
        routers=[ballot_definition.router, ballots.router, results.router],
    )
