"""Builds the voting app (``uvicorn --factory services.voting.main:create_app``)."""

from contextlib import AbstractContextManager, closing

from fastapi import FastAPI
from sqlmodel import Session, func, select

from services.common.app import create_service_app
from services.voting import personal_data
from services.voting.archive import close_ballot_of_archived_round
from services.voting.ballot_box import BallotBox
from services.voting.models import Ballot, VotingModel
from services.voting.routes import (
    ballot_definition,
    ballots,
    my_ballot,
    paper_ballots,
    participation,
    pot_exports,
    pots,
    receipts,
    results,
    statistics,
)
from services.voting.settings import VotingSettings


def _ballots(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Ballot)).one()


def _ballot_writer(app: FastAPI) -> AbstractContextManager[object]:
    """At the lifespan's end the writer thread lets its connection go before the engine is
    disposed."""
    return closing(app.state.ballot_box.writer)


def create_app(settings: VotingSettings | None = None) -> FastAPI:
    settings = settings or VotingSettings()
    app = create_service_app(
        name="voting",
        title="Medborgarbudget – röstning",
        settings=settings,
        metadata=VotingModel.metadata,
        routers=[
            ballots.router,  # the hot path, matched first
            ballot_definition.router,
            my_ballot.router,
            paper_ballots.router,
            pots.router,
            pot_exports.router,
            receipts.router,
            results.router,
            statistics.router,
            participation.router,
            personal_data.router,
        ],
        gauges=[("mb_ballots", "Antal röstsedlar som räknas, alla omgångar", _ballots)],
        body_limits=[ballots.BODY_LIMIT, pots.BODY_LIMIT],
        on_archive=close_ballot_of_archived_round,
        background=_ballot_writer,
    )
    app.state.ballot_box = BallotBox(app.state.engine, settings)
    return app
