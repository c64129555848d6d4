"""The browser round's dialogue (issue 23): a resident asks about a proposal (a mistake
first), a politician answers under name and party and follows her kommun's rounds, the resident
reports the answer, the official reads the reported entries and registers a dialogue meeting,
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
ANSWER = "Tolv stånd, enligt torgets bygglov."


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
    await page.get_by_label("Svara", exact=True).fill(ANSWER)
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


async def sara_reports_the_answer(sara: Person, proposal_id: int) -> None:
    """Sara asked, but does not answer: no answer form for her. The answer has its own report
    link (a mistake first: no reason)."""
    page = await sara.goto(f"/omgangar/{ROUND_ID}/forslag/{proposal_id}")
    await expect(page.get_by_role("button", name="Skicka svaret")).to_have_count(0)
    answer = page.locator("ol.answers > li").filter(has_text=ANSWER)
    await answer.get_by_role("link", name="Anmäl inlägget").click()
    await expect(page.get_by_role("heading", name="Anmäl ett inlägg")).to_be_visible()
    await sara.check("comment-report")
    await page.get_by_role("button", name="Skicka anmälan").click()
    await expect(page.locator("#error-summary")).to_contain_text("Det finns fel i formuläret")
    await expect(page.locator("#f-reason")).to_have_attribute("aria-invalid", "true")
    await sara.check("comment-report-errors")
    await page.get_by_label("Vad är fel med inlägget?").fill("Bygglovet gäller ett annat torg.")
    await page.get_by_role("button", name="Skicka anmälan").click()
    await expect(page.get_by_role("status")).to_contain_text("Kommunen granskar inlägget")


async def anna_reads_the_reported_comments(anna: Person) -> None:
    page = await anna.goto(f"/omgangar/{ROUND_ID}/moderering/inlagg")
    await expect(page.get_by_role("heading", name="Anmälda och dolda inlägg")).to_be_visible()
    await expect(page.get_by_text(ANSWER)).to_be_visible()
    await expect(page.get_by_text("1 anmälningar")).to_be_visible()
    await anna.check("reported-comments")


async def petra_follows_her_kommun(petra: Person) -> None:
    page = await petra.goto("/politiker")
    await expect(page.get_by_role("heading", name=re.compile("Kommunens omgångar"))).to_be_visible()
    await expect(page.get_by_role("heading", name="Viktiga tidpunkter")).to_be_visible()
    await expect(page.get_by_text("Inga obesvarade frågor.")).to_be_visible()
    await petra.check("politician-rounds")
