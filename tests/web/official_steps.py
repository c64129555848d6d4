"""What the officials do in the browser round (tests/web/test_round_in_browser.py): Anna the
official assigns, merges, assesses, approves the ballot, enters a paper ballot, opens the
moderation and the timeline, and follows a project up; Sven the
council's secretary records the decision."""

from typing import Any

from playwright.async_api import expect

from tests.services.helpers import stockholm_today
from tests.web.browser import Person

ROUND_ID = "webb-2027"
PAPER_VOTER = "19800517-2385"  # a valid personnummer (Luhn), entered from a paper ballot
CRITERIA: list[dict[str, Any]] = [
    {"id": "lokalt-naringsliv", "text": "Förslaget ska gynna det lokala näringslivet.",
     "local_business": True},
    {"id": "kommunal-mark", "text": "Förslaget genomförs på kommunens mark."},
]  # fmt: skip


async def anna_merges(anna: Person, duplicate: int, into: int) -> None:
    page = await anna.goto(f"/omgangar/{ROUND_ID}/bedomning")
    await page.get_by_label("Förslaget som är en dubblett").select_option(str(duplicate))
    await page.get_by_label("Slå ihop med").select_option(str(into))
    await page.get_by_label("Motivering till sammanslagningen").fill(
        "Samma cykelställ vid stationen som i det första förslaget."
    )
    await page.get_by_role("button", name="Slå ihop").click()
    await expect(page.get_by_role("status")).to_contain_text("sammanslagna")
    await anna.check("assessment-merged")


async def anna_assesses(anna: Person, costs: dict[int, list[tuple[str, int]]]) -> None:
    page = await anna.goto(f"/omgangar/{ROUND_ID}/bedomning")
    await anna.check("assessment-queue")
    for box in await page.get_by_role("checkbox").all():
        await box.check()
    await page.get_by_role("button", name="Tilldela").click()
    await expect(page.get_by_role("status")).to_contain_text("Förslagen är tilldelade")
    for index, (proposal_id, items) in enumerate(costs.items()):
        page = await anna.goto(f"/omgangar/{ROUND_ID}/bedomning/{proposal_id}")
        if index == 0:
            await page.get_by_role("button", name="Spara bedömningen").click()
            await expect(page.locator("#error-summary")).to_be_visible()
            await anna.check("assessment-form-errors")
        for criterion in CRITERIA:
            await page.locator(f"#verdict_{criterion['id']}_met").check()
        for row, (text, amount) in enumerate(items, start=1):
            await page.locator(f"#item_description_{row}").fill(text)
            await page.locator(f"#item_amount_{row}").fill(str(amount))
        await page.locator("#f-feasible-yes").check()
        if index == 0:
            await anna.check("assessment-form")
        await page.get_by_role("button", name="Spara bedömningen").click()
        await expect(page.get_by_role("status")).to_contain_text("Bedömningen är sparad")


async def anna_approves_the_ballot(anna: Person) -> None:
    page = await anna.goto(f"/omgangar/{ROUND_ID}/rostsedel")
    await expect(page.get_by_role("table")).to_contain_text("Julmarknad på torget")
    await anna.check("ballot-approval")
    await expect(page.locator(".facts")).to_contain_text("270\u00a0000\u00a0kr")
    await page.get_by_role("button", name="Godkänn röstsedeln").click()
    # The workflow may record the approval before the page is drawn: then it says so too.
    sent = page.get_by_role("status").filter(has_text="Godkännandet är skickat")
    await expect(sent).to_be_visible()
    await expect(page.get_by_role("button", name="Godkänn röstsedeln")).to_have_count(0)


async def anna_enters_a_paper_ballot(anna: Person, choices: list[int]) -> None:
    """At the polling place: a missing number is said beside its field, then the ballot is
    recorded and the receipt code shown for the voter, the polling place kept for the next."""
    page = await anna.goto(f"/omgangar/{ROUND_ID}/pappersroster")
    await page.get_by_label("Röstlokal").fill("Åre bibliotek")
    for project_id in choices:
        await page.locator(f"#choice-{project_id}").check()
    await page.get_by_role("button", name="Registrera rösten").click()
    await expect(page.locator("#error-summary")).to_contain_text("personnummer")
    await anna.check("paper-ballot-errors")
    await page.get_by_label("Personnummer", exact=False).fill(PAPER_VOTER)
    await page.get_by_role("button", name="Registrera rösten").click()
    await expect(page.get_by_role("status")).to_contain_text("Pappersrösten är registrerad")
    assert (await page.locator(".receipt-code").inner_text()).strip()
    await expect(page.get_by_label("Röstlokal")).to_have_value("Åre bibliotek")
    await anna.check("paper-ballot")


async def anna_opens_moderation(anna: Person, proposal_id: int) -> None:
    """The form to hide a proposal (a reason too short first) and the list of hidden ones;
    nothing is hidden, so the round goes on as it was."""
    page = await anna.goto(f"/omgangar/{ROUND_ID}/forslag/{proposal_id}")
    await page.get_by_label("Skäl att dölja förslaget").fill("x")
    await page.get_by_role("button", name="Dölj förslaget").click()
    await expect(page.locator("#error-summary")).to_contain_text("Skäl")
    await anna.check("moderation-errors")
    page = await anna.goto(f"/omgangar/{ROUND_ID}/moderering")
    await expect(page.get_by_text("Inga förslag är dolda.")).to_be_visible()
    await anna.check("moderation")


async def anna_reads_the_timeline(anna: Person) -> None:
    """The operations page; a move without a reason is refused by the workflow's validator and
    said beside the field, so the round's timeline stays as it is."""
    page = await anna.goto(f"/omgangar/{ROUND_ID}/drift")
    await expect(page.get_by_role("heading", name="Tidsplan", exact=True)).to_be_visible()
    await anna.check("operations")
    await page.get_by_label("Fas", exact=False).first.select_option("EVALUATION")
    await page.get_by_label("Ny tidsgräns").fill("2099-06-01T12:00")
    await page.get_by_role("button", name="Flytta tidsgränsen").click()
    await expect(page.locator("#e-reason")).to_contain_text("skäl")
    await anna.check("operations-errors")


async def sven_records_the_decision(sven: Person) -> None:
    page = await sven.goto(f"/omgangar/{ROUND_ID}/beslut")
    await sven.check("council-decision")
    await page.get_by_role("button", name="Registrera beslutet").click()
    await expect(page.locator("#error-summary")).to_be_visible()
    await sven.check("council-decision-errors")
    await page.get_by_label("Diarienummer").fill("KS 2027/123")
    await page.get_by_label("Paragraf").fill("§ 45")
    await page.get_by_label("Sammanträdesdatum").fill(stockholm_today())
    await page.get_by_role("button", name="Registrera beslutet").click()
    await expect(page.get_by_role("status")).to_contain_text("Beslutet är skickat")


async def anna_follows_up(anna: Person, project_id: int) -> None:
    page = await anna.goto(f"/omgangar/{ROUND_ID}/uppfoljning")
    await anna.check("follow-up")
    path = f"/omgangar/{ROUND_ID}/uppfoljning/projekt/{project_id}"
    for _ in range(50):  # the project's workflow records the project a moment after the phase
        answer = await page.goto(anna.base_url + path)
        if answer is not None and answer.status == 200:
            break
        await page.wait_for_timeout(200)
    await anna.check("project-admin")
    await page.get_by_label("Projektägare").fill("Olof Ägare")
    await page.get_by_label("Delmål 1", exact=True).fill("Skyltarna beställda")
    await page.get_by_label("Datum för delmål 1").fill("2027-11-01")
    await page.get_by_role("button", name="Spara delmålen").click()
    await expect(page.get_by_role("status")).to_contain_text("skickade")
    for _ in range(50):  # the milestones come back through the project's workflow
        if await page.locator("#pr_done_1").count():
            break
        await page.wait_for_timeout(200)
        await page.reload()
    await page.locator("#pr_done_1").check()
    await page.get_by_label("Använt hittills, kr").fill("20 000")
    await page.get_by_role("button", name="Rapportera", exact=True).click()
    await expect(page.get_by_role("status")).to_contain_text("skickade")
    await page.get_by_label("Lokala företag som deltog").fill("4")
    await page.get_by_label("Nya jobb (årsarbeten)").fill("1")
    await page.get_by_label("Besökare").fill("1200")
    await page.get_by_role("button", name="Spara siffrorna").click()
    await expect(page.get_by_role("status")).to_contain_text("skickade")
    await expect(page.get_by_label("Besökare")).to_have_value("1200")


async def anna_cancels(anna: Person, project_id: int) -> None:
    page = await anna.goto(f"/omgangar/{ROUND_ID}/uppfoljning/projekt/{project_id}")
    # Cancelling sits apart, folded, and needs a tick: it cannot be undone.
    await expect(page.get_by_role("button", name="Avbryt projektet")).to_be_hidden()
    await page.locator("summary", has_text="Avbryt projektet").click()
    await page.get_by_label("Skäl att avbryta").fill("Marken behövs för den nya busshållplatsen.")
    await page.get_by_role("button", name="Avbryt projektet").click()
    await expect(page.locator("#e-cancel_confirm")).to_be_visible()
    await page.get_by_label("Ja, jag vill avbryta projektet").check()
    await page.get_by_role("button", name="Avbryt projektet").click()
    await expect(page.get_by_role("status")).to_contain_text("skickade")
    report = await anna.goto(f"/omgangar/{ROUND_ID}/slutrapport")
    await expect(report.locator("body")).to_contain_text("Åre")
    await anna.check("final-report")
