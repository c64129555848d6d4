"""A resident's steps in the browser round that other files may share."""

import re

from playwright.async_api import expect

from tests.web.browser import Person


async def the_start_page_card_guides(kim: Person, title: str, budget: str) -> None:
    """The round's card on the start page: phase badge, budget, next deadline and one call to
    action (checked in the page's HTML, not only in the screenshot)."""
    page = await kim.goto("/")
    card = page.locator(".round-cards li", has_text=title)
    badge = card.locator(".badge.phase-intake")
    await expect(badge).to_have_text("Förslag tas emot")
    text = " ".join((await card.inner_text()).replace("\u00a0", " ").split())
    assert f"Budget: {budget}" in text, text
    assert re.search(r"Lämna ditt förslag senast \d{1,2} \w+ \d{4} kl\. \d\d\.\d\d\.", text), text
    assert await card.locator("a.button").count() == 1
    await expect(card.locator("a.button")).to_contain_text("Lämna ett förslag")
    await kim.check("start-intake")
