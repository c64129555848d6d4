"""Alembic environment of the voting service (the machinery: services/common/migrations.py)."""

from services.common.migrations import run_env

run_env("voting")
