"""Telling the round workflow that the last proposal has been assessed.

The write that completes a round signals ``assessment_complete`` so the workflow can move on
before the due date. The signal is best effort: the workflow also reads the progress at its
reminders and after the due date, so a lost signal delays the round but never loses data.
"""

import asyncio
import logging

from services.common.signals import Signaler

log = logging.getLogger(__name__)
# An unreachable Temporal server must not keep an assessor waiting.
SIGNAL_TIMEOUT_SECONDS = 10


async def signal_complete(signaler: Signaler, round_id: str) -> None:
    try:
        async with asyncio.timeout(SIGNAL_TIMEOUT_SECONDS):
            await signaler.signal(round_id, "assessment_complete")
    except Exception:
        log.exception("could not signal assessment_complete to round %s", round_id)
