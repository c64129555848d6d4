"""The browser round's dialogue (issue 23): a resident asks about a proposal (a mistake
first), a politician answers under name and party, an official registers a dialogue meeting,
and after voting the thread is read-only. Every page passes axe-core."""

import re

from playwright.async_api import expect

from tests.web.browser import Person
from tests.web.official_steps import ROUND_ID

MANDATE = {
    "decision": {
        "body": "kommunfullmäktige",
        "diarienummer": "KS 2026/412",
        "paragraph": "§ 87",
        "decided_on": "2026-11-20",
        "budget": 200_000,
        "criteria": ["Projekten ska gynna det lokala näringslivet"],
    }
}
QUESTION = "Hur många stånd får plats på torget?"


async def the_round_page_shows_the_mandate(person: Person) -> None:
    page = person.page
    await expect(page.get_by_role("heading", name="Beslutet om omgången")).to_be_visible()
    await expect(page.get_by_text("KS 2026/412")).to_be_visible()


async def sara_asks(sara: Person, proposal_id: int) -> None:
    page = await sara.goto(f"/omgangar/{ROUND_ID}/forslag/{proposal_id}")
    await page.get_by_role("button", name="Publicera").click()
    await expect(page.locator("#error-summary")).to_contain_text("Det finns fel i formuläret")
    await expect(page.locator("#f-text")).to_have_attribute("aria-invalid", "true")
    await sara.check("proposal-question-errors")
    await page.get_by_label("En fråga till förslagsställaren").check()
    await page.get_by_label("Din fråga eller kommentar").fill(QUESTION)
    await page.get_by_role("button", name="Publicera").click()
    await expect(page.get_by_role("status")).to_contain_text("Ditt inlägg är publicerat")
    await expect(page.get_by_text(QUESTION)).to_be_visible()
    await sara.check("proposal-question")


async def petra_answers(petra: Person, proposal_id: int) -> None:
    page = await petra.goto(f"/omgangar/{ROUND_ID}/forslag/{proposal_id}")
    await page.get_by_label("Svara", exact=True).fill("Tolv stånd, enligt torgets bygglov.")
    await page.get_by_role("button", name="Skicka svaret").click()
    await expect(page.get_by_role("status")).to_contain_text("Ditt svar är publicerat")
    await expect(page.get_by_text("Petra Politiker (Centerpartiet), politiker")).to_be_visible()
    await petra.check("proposal-answer")


async def anna_registers_a_meeting(anna: Person) -> None:
    page = await anna.goto(f"/omgangar/{ROUND_ID}/moten/nytt")
    await page.get_by_role("button", name="Registrera mötet").click()
    await expect(page.locator("#error-summary")).to_contain_text("Det finns fel i formuläret")
    await anna.check("meeting-form-errors")
    await page.locator("#f-date").fill("2027-02-10")
    await page.locator("#f-time").fill("18:00")
    await page.locator("#f-place").fill("Åre bibliotek")
    await page.locator("#f-topic").fill("Handeln vid torget")
    await page.locator("#f-groups").fill("Åre företagarförening")
    await page.get_by_role("button", name="Registrera mötet").click()
    await expect(page.get_by_role("status")).to_contain_text("Mötet är registrerat")
    row = page.get_by_role("row", name=re.compile("Handeln vid torget"))
    await expect(row).to_contain_text("Åre företagarförening")
    await anna.check("meetings")


async def the_thread_is_read_only(kim: Person, proposal_id: int) -> None:
    # Kim read the round in English last: back to Swedish.
    page = await kim.goto(f"/omgangar/{ROUND_ID}/forslag/{proposal_id}?lang=sv")
    await expect(page.get_by_text(QUESTION)).to_be_visible()
    await expect(page.get_by_text("går att läsa men inte längre skriva")).to_be_visible()
    await expect(page.get_by_role("button", name="Publicera")).to_have_count(0)
    await kim.check("proposal-thread-closed")
