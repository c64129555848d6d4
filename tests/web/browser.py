"""Playwright on Debian's Chromium: sign in through the dev identity provider, and check each
page with axe-core (no serious or critical violation) while saving its screenshot."""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Page, ViewportSize, async_playwright, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking"]
# axe-core as the PyPI package axe-playwright-python bundles it (only its script is used).
_AXE_PACKAGE = find_spec("axe_playwright_python")
AXE_JS = (
    Path(_AXE_PACKAGE.origin if _AXE_PACKAGE and _AXE_PACKAGE.origin else ".").parent / "axe.min.js"
)
# Screenshots of every checked page at both widths (git-ignored; docs/operations.md).
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
BLOCKING = ("serious", "critical")
DESKTOP = ViewportSize(width=1000, height=900)
PHONE = ViewportSize(width=390, height=844)  # a common phone, in CSS pixels


@asynccontextmanager
async def launch() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000
        )
        try:
            yield browser
        finally:
            await browser.close()


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    await page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = await page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then(result =>
            result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"""
    )
    return [v for v in violations if v["impact"] in BLOCKING]


class Person:
    """One person's browser session (own cookies) against the web front."""

    def __init__(self, page: Page, base_url: str, name: str) -> None:
        self.page = page
        self.base_url = base_url
        self.name = name
        self.checked: list[str] = []

    @classmethod
    async def sign_in(cls, browser: Browser, base_url: str, key: str, label: str) -> "Person":
        # The pages' CSP forbids inline scripts; axe-core is injected as one, so bypass it.
        context = await browser.new_context(
            locale="sv-SE",
            viewport=DESKTOP,
            bypass_csp=True,
        )
        context.set_default_timeout(15_000)
        page = await context.new_page()
        person = cls(page, base_url, key)
        await page.goto(f"{base_url}/logga-in?next=/")
        await expect(page.get_by_role("heading", level=1)).to_contain_text("Logga in")
        await page.get_by_label(label, exact=True).check()
        await page.get_by_role("button", name="Logga in").click()
        await expect(page.get_by_text(f"Inloggad som {label}")).to_be_visible()
        return person

    async def goto(self, path: str) -> Page:
        answer = await self.page.goto(self.base_url + path)
        assert answer is not None and answer.status < 500, (path, answer and answer.status)
        return self.page

    async def check(self, name: str) -> None:
        """axe-core on the page, then at 1000 and at 390 px wide: nothing scrolls sideways, and
        a full-page screenshot of each under test-artifacts/web/."""
        violations = await axe_violations(self.page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        await self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert not violations, f"{name} ({self.page.url}): {violations}"
        wide = await sideways_overflow(self.page)
        await self.page.set_viewport_size(PHONE)
        try:
            await self.page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
            narrow = await sideways_overflow(self.page)
        finally:
            await self.page.set_viewport_size(DESKTOP)
        assert not wide, f"{name} ({self.page.url}) scrolls sideways at 1000 px: {wide}"
        assert not narrow, f"{name} ({self.page.url}) scrolls sideways at 390 px: {narrow}"
        self.checked.append(name)


async def sideways_overflow(page: Page) -> list[str]:
    """What sticks out to the right of the window (empty when the page does not scroll
    sideways): the page's width, and the widest elements that reach past the edge."""
    found: list[str] = await page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                    + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
            return [`page ${document.documentElement.scrollWidth}px > ${width}px`, ...wide];
        }"""
    )
    return found


RECEIPT_CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")
# What a resident must never read: workflow signal names, code, the workflow's own notes.
INTERNAL = re.compile(r"signal|`|\b[a-z]+_[a-z_]+\b|att alla förslag bedöms|waiting")


async def no_internal_text(page: Page) -> None:
    """The page's main content reads as written for residents."""
    text = await page.locator("main").inner_text()
    found = INTERNAL.findall(text)
    assert not found, f"internal text on {page.url}: {found}"
