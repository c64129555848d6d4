"""Alembic environment of the decision service (the machinery: services/common/migrations.py)."""

from services.common.migrations import run_env

run_env("decision")
