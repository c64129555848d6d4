"""Alembic environment of the notify service (the machinery: services/common/migrations.py)."""

from services.common.migrations import run_env

run_env("notify")
