"""A page's backend calls end together: the first failure is raised once the others have
finished, so none is left running unowned."""

import asyncio

import pytest

from services.web.together import together


async def test_the_first_failure_is_raised_after_the_other_calls_have_ended() -> None:
    ended: list[str] = []

    async def slow() -> str:
        await asyncio.sleep(0.1)
        ended.append("slow")
        return "done"

    async def failing() -> str:
        await asyncio.sleep(0)
        raise LookupError("not found")

    with pytest.raises(LookupError):
        await asyncio.wait_for(together(slow(), failing()), timeout=5)
    assert ended == ["slow"]


async def test_the_answers_come_in_order() -> None:
    async def after(seconds: float, value: int) -> int:
        await asyncio.sleep(seconds)
        return value

    assert await together(after(0.02, 1), after(0, 2)) == [1, 2]
