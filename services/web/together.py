"""Backend calls made at once for one page, ended together.

``asyncio.gather`` answers with the first failure and leaves the other calls running, unowned:
a page whose proposal is not found kept its round request going with nobody to read it, and
an in-process backend (the tests) was left holding that request's database transaction when
the loop stopped. ``together`` raises the same first failure once the other calls have ended
by themselves: cancelled mid-way, a request's own clean-up is not sure to run. A page that is
cancelled (the reader left) has them cancelled with it, as ``gather`` does.
"""

import asyncio
from collections.abc import Awaitable
from typing import Any


async def together(*calls: Awaitable[Any]) -> list[Any]:
    tasks = [asyncio.ensure_future(call) for call in calls]
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
