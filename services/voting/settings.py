"""Voting settings: the shared service settings with the voting database as default."""

from pydantic import Field

from services.common.settings import DATABASE_URL, ServiceSettings


class VotingSettings(ServiceSettings):
    database_url: str = Field(default="sqlite:///.data/voting.db", validation_alias=DATABASE_URL)
    # MB_POPULATION_REGISTER_URL: the folkbokföring adapter's base URL; empty means off.
    population_register_url: str = ""
    # MB_STATISTICS_MIN_CELL: published participation groups smaller than this are hidden.
    statistics_min_cell: int = Field(default=5, ge=2, le=100)
    # MB_BALLOT_BATCH_MAX: ballots stored together in one commit at most (group commit);
    # 1: no group commit, each request commits its own ballot.
    ballot_batch_max: int = Field(default=500, ge=1, le=5000)
