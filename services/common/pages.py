"""The answer of every list endpoint: one page of items and how many there are in all."""

from typing import Generic, TypeVar

from pydantic import BaseModel

from services.common.deps import Page

ItemT = TypeVar("ItemT")


class PageOf(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, items: list[ItemT], total: int, page: Page) -> "PageOf[ItemT]":
        return cls(items=items, total=total, limit=page.limit, offset=page.offset)
