"""A round in the browser on the real stack: a resident proposes (with a mistake first), edits
and votes on a knapsack ballot; an official assigns, assesses and approves the ballot, then
enters a paper ballot; a resident asks about a proposal and a politician answers, then reads
her kommun's rounds; the resident reports the answer and the official reads the reported
entries; the council's secretary records the decision; the official registers a dialogue
meeting and sets a project's milestones; the resident comes back to the ballot and sees the
vote. Every page passes axe-core, scrolls sideways neither at 1000 nor at 390 px, and is saved
as a screenshot at both widths; the round page is read for internal text in three phases and
in English."""

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.async_api import Browser, expect

from medborgarbudget.stack import LocalStack
from services.common.auth import Role
from tests.e2e.driver import RoundDriver, bearer, connect
from tests.web.browser import RECEIPT_CODE, Person, no_internal_text
from tests.web.dialogue_steps import (
    MANDATE,
    anna_reads_the_reported_comments,
    anna_registers_a_meeting,
    petra_answers,
    petra_follows_her_kommun,
    sara_asks,
    sara_reports_the_answer,
    the_round_page_shows_the_mandate,
    the_thread_is_read_only,
)
from tests.web.official_steps import (
    CRITERIA,
    ROUND_ID,
    anna_approves_the_ballot,
    anna_assesses,
    anna_cancels,
    anna_enters_a_paper_ballot,
    anna_follows_up,
    anna_merges,
    anna_opens_moderation,
    anna_reads_the_timeline,
    sven_records_the_decision,
)
from tests.web.resident_steps import the_start_page_card_guides
from workflows.config import RoundConfig
from workflows.starter import start_round

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.timeout(480)]
# Sara's two proposals (sent over HTTP): title, assessed cost.
OTHERS = [("Cykelställ vid stationen", 90_000), ("Skyltning till lokala butiker", 60_000)]
DUPLICATE = ("Fler cykelställ vid stationen", 40_000)


def _config(now: datetime) -> RoundConfig:
    intake = 45  # seconds for the resident's part in the browser
    offsets = {
        "intake_closes_at": intake,
        "assessment_due_at": intake + 2,
        "voting_opens_at": intake + 3,
        "voting_closes_at": intake + 125,  # with time for the questions and answers
        "council_decision_due_at": intake + 230,
        "implementation_due_at": intake + 630,
        "evaluation_at": intake + 730,
    }
    return RoundConfig.model_validate(
        {
            "id": ROUND_ID,
            "kommun": "Åre",
            "title": "Medborgarbudget Åre 2027",
            "budget": 200_000,
            "max_proposal_cost": 150_000,
            "ballot": {"type": "knapsack"},
            "counting_rule": "greedy",
            "criteria": CRITERIA,
            "intake": {
                "categories": [
                    {"id": "handel", "name": "Handel"},
                    {"id": "fritid", "name": "Fritid"},
                ],
                "areas": [{"id": "are-by", "name": "Åre by"}, {"id": "duved", "name": "Duved"}],
            },
            "approvers": ["Anna Berg"],
            "owner": "Anna Berg",
            "mandate": MANDATE,
            "timeline": {k: (now + timedelta(seconds=s)).isoformat() for k, s in offsets.items()},
        }
    )


async def test_a_round_in_the_browser(web_stack: LocalStack, chromium: Browser) -> None:
    client = await connect(web_stack)
    handle = await start_round(client, _config(datetime.now(UTC)), task_queue="medborgarbudget")
    driver = RoundDriver(web_stack, handle)
    base = web_stack.url("web")
    try:
        await driver.wait_for_phase("INTAKE", timeout=20)
        *others, duplicate = await _sara_proposes(driver)
        kim = await Person.sign_in(chromium, base, "kim", "Kim Andersson")
        kims = await _kim_proposes(kim)

        await driver.wait_for_phase("ASSESSMENT", timeout=60)
        await driver.wait_until_registered(4)
        anna = await Person.sign_in(chromium, base, "anna", "Anna Berg")
        costs = {kims: [("Stånd", 70_000), ("El och ljus", 50_000)]}
        costs |= {
            pid: [("Material och arbete", cost)]
            for pid, (_, cost) in zip(others, OTHERS, strict=True)
        }
        await anna_merges(anna, duplicate, into=others[0])
        await anna_opens_moderation(anna, others[1])
        await anna_assesses(anna, costs)

        await driver.wait_for_phase("BALLOT_APPROVAL", timeout=30)
        await anna_approves_the_ballot(anna)

        await driver.wait_for_phase("VOTING", timeout=30)
        await _kim_votes(kim, kims, others)
        sara = await Person.sign_in(chromium, base, "sara", "Sara Lind")
        await _sara_votes_with_the_live_bar(sara, others)
        await anna_enters_a_paper_ballot(anna, others)  # the same two as Sara: no change below
        await sara_asks(sara, kims)
        petra = await Person.sign_in(chromium, base, "petra", "Petra Politiker")
        await petra_answers(petra, kims)
        await petra_follows_her_kommun(petra)
        await sara_reports_the_answer(sara, kims)
        await anna_reads_the_reported_comments(anna)

        await driver.wait_for_phase("COUNCIL_DECISION", timeout=150)
        await _kim_reads_the_results(kim)
        await anna_registers_a_meeting(anna)
        sven = await Person.sign_in(chromium, base, "sven", "Sven Sekreterare")
        await sven_records_the_decision(sven)

        await driver.wait_for_phase("IMPLEMENTATION", timeout=30)
        await anna_follows_up(anna, others[1])
        await anna_reads_the_timeline(anna)
        await anna_cancels(anna, others[0])
        await _public_pages(kim, others[1], cancelled=others[0])
        await the_thread_is_read_only(kim, kims)
    finally:
        await driver.close()


async def _intake_open(driver: RoundDriver) -> None:
    """The phase turns INTAKE a moment before the workflow creates the round in intake."""
    for _ in range(50):
        if (await driver.http.get(driver.url("intake", ""))).status_code == 200:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the round never reached the intake service")


async def _sara_proposes(driver: RoundDriver) -> list[int]:
    await _intake_open(driver)
    sara = bearer(Role.RESIDENT, "19920304-5670", name="Sara Lind")
    ids = []
    for title, cost in [*OTHERS, DUPLICATE]:
        body = {
            "title": title,
            "description": f"{title}: fler besökare till butikerna i centrum.",
            "category": "handel",
            "area": "duved",
            "cost_estimate": cost,
            "local_business_benefit": "Handlarna får fler kunder året runt.",
            "proposer_kind": "resident",
            "identity_number": "19920304-5670",
        }
        ids.append((await driver.call("POST", "intake", "/proposals", sara, json=body))["id"])
    return ids


async def _kim_proposes(kim: Person) -> int:
    await the_start_page_card_guides(kim, "Medborgarbudget Åre 2027", "200 000 kr")
    page = await kim.goto(f"/omgangar/{ROUND_ID}")
    await expect(page.get_by_text("Förslag tas emot").first).to_be_visible()
    await expect(page.locator(".phase-sentence")).to_contain_text("Lämna ditt förslag senast")
    await expect(page.locator(".step.current")).to_contain_text("Sista dag för förslag")
    await no_internal_text(page)
    await the_round_page_shows_the_mandate(kim)
    await kim.check("round")
    await page.get_by_role("link", name="Lämna ett förslag").first.click()
    await kim.check("proposal-form")
    await page.get_by_role("button", name="Skicka förslaget").click()
    summary = page.locator("#error-summary")
    await expect(summary).to_contain_text("Det finns fel i formuläret")
    title = page.locator("#f-title")
    await expect(title).to_have_attribute("aria-invalid", "true")
    assert "e-title" in (await title.get_attribute("aria-describedby") or "")
    await kim.check("proposal-form-errors")

    await page.get_by_label("Rubrik").fill("Julmarknad på tårget")
    await page.get_by_label("Beskrivning", exact=False).first.fill(
        "En julmarknad med lokala hantverkare och matproducenter på torget."
    )
    await page.get_by_label("Kategori").select_option("handel")
    await page.get_by_label("Område").select_option("are-by")
    await page.get_by_label("Plats").fill("Torget")
    await page.get_by_label("Uppskattad kostnad, kr").fill("200 000")
    await page.get_by_label("Nytta för det lokala näringslivet").fill(
        "Fler besökare till butiker och caféer i december."
    )
    await page.get_by_role("button", name="Skicka förslaget").click()
    # Over the round's cap: the service's message stands beside the cost field.
    await expect(page.locator("#e-cost_estimate")).to_contain_text("150")
    await page.get_by_label("Uppskattad kostnad, kr").fill("120000")
    await page.get_by_role("button", name="Skicka förslaget").click()
    await expect(page.get_by_role("status")).to_contain_text("Ditt förslag är inlämnat")
    await kim.check("proposal")
    proposal_id = int(re.findall(r"/forslag/(\d+)", page.url)[0])

    await page.get_by_role("link", name="Ändra förslaget").click()
    await page.get_by_label("Rubrik").fill("Julmarknad på torget")
    await page.get_by_role("button", name="Spara ändringarna").click()
    await expect(page.get_by_role("status")).to_contain_text("Dina ändringar är sparade")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Julmarknad på torget")

    page = await kim.goto(f"/omgangar/{ROUND_ID}/forslag?q=julmarknad")
    await expect(page.get_by_role("link", name="Julmarknad på torget")).to_be_visible()
    await expect(page.get_by_role("link", name=OTHERS[0][0])).to_have_count(0)
    await kim.check("proposals")
    return proposal_id


async def _kim_votes(kim: Person, kims: int, others: list[int]) -> None:
    page = await kim.goto(f"/omgangar/{ROUND_ID}/rosta")
    await expect(page.get_by_role("heading", name=re.compile("Kvar att fördela"))).to_contain_text(
        "200\u00a0000\u00a0kr"
    )
    await page.locator(f"#choice-{kims}").check()
    await page.locator(f"#choice-{others[1]}").check()
    await page.get_by_role("button", name="Räkna om").click()
    bar = page.get_by_role("heading", name=re.compile("Kvar att fördela"))
    await expect(bar).to_contain_text("20\u00a0000\u00a0kr")
    await kim.check("ballot")
    await page.locator(f"#choice-{others[0]}").check()
    await page.get_by_role("button", name="Lägg min röst").click()
    await expect(page.locator("#error-summary")).to_contain_text("mer än budgeten")
    await expect(bar).to_contain_text("-70\u00a0000\u00a0kr")
    await kim.check("ballot-errors")
    await page.locator(f"#choice-{others[0]}").uncheck()
    await page.get_by_role("button", name="Lägg min röst").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din röst!")
    code = (await page.locator(".receipt-code").first.inner_text()).strip()
    assert RECEIPT_CODE.fullmatch(code), code
    await expect(page.get_by_text("Ja, din röst är registrerad.")).to_be_visible()
    await kim.check("receipt")
    # Typed from the paper slip in lower case, with spaces: the same code.
    page = await kim.goto(f"/omgangar/{ROUND_ID}/kvitto?kod={code.lower().replace('-', '+')}")
    await expect(page.get_by_text("Ja, din röst är registrerad.")).to_be_visible()

    # Back on the ballot: Kim sees the vote that counts, filled in, and how to replace it.
    page = await kim.goto(f"/omgangar/{ROUND_ID}/rosta")
    await expect(page.get_by_role("heading", name="Du har röstat")).to_be_visible()
    await expect(page.locator(".voted")).to_contain_text("ersätter den din gamla")
    await expect(page.locator(f"#choice-{kims}")).to_be_checked()
    await expect(page.locator(f"#choice-{others[1]}")).to_be_checked()
    await expect(page.locator(f"#choice-{others[0]}")).not_to_be_checked()
    await expect(page.get_by_role("link", name="Kontrollera att din röst räknas")).to_be_visible()
    await kim.check("ballot-returning")


async def _sara_votes_with_the_live_bar(sara: Person, others: list[int]) -> None:
    """With JavaScript the bar follows each tick at once (static/ballot.js); Kim's ballot above
    went through "Räkna om", the server's figures, which is all a browser without it gets."""
    page = await sara.goto(f"/omgangar/{ROUND_ID}/rosta")
    bar = page.get_by_role("heading", name=re.compile("Kvar att fördela"))
    await page.locator(f"#choice-{others[0]}").check()
    await expect(bar).to_contain_text("110\u00a0000\u00a0kr")
    await page.locator(f"#choice-{others[1]}").check()
    await expect(bar).to_contain_text("50\u00a0000\u00a0kr")
    await page.get_by_role("button", name="Lägg min röst").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din röst!")


async def _kim_reads_the_results(kim: Person) -> None:
    page = await kim.goto(f"/omgangar/{ROUND_ID}/resultat")
    chosen = page.locator(".outcome", has_text="Skyltning till lokala butiker")
    await expect(chosen).to_contain_text("Vald")
    await expect(page.get_by_role("img", name=re.compile("Röster per förslag"))).to_be_visible()
    await expect(page.locator(".rule")).to_contain_text("flest röster")
    await page.locator("summary", has_text="valdes inte").click()
    julmarknad = page.locator(".outcome", has_text="Julmarknad på torget")
    await expect(julmarknad).to_contain_text("Inte vald")
    await kim.check("results")
    page = await kim.goto(f"/omgangar/{ROUND_ID}")
    await expect(page.get_by_role("link", name="Se resultatet")).to_be_visible()
    await no_internal_text(page)


async def _public_pages(kim: Person, project_id: int, cancelled: int) -> None:
    page = await kim.goto(f"/omgangar/{ROUND_ID}/projekt/{project_id}")
    for _ in range(50):  # the milestones reach the page through the project's workflow
        if await page.get_by_text("Skyltarna beställda").count():
            break
        await page.wait_for_timeout(200)
        await page.reload()
    await expect(page.get_by_text("Skyltarna beställda")).to_be_visible()
    for _ in range(50):  # and so does the progress report
        if await page.get_by_text("klart 20").count():
            break
        await page.wait_for_timeout(200)
        await page.reload()
    await expect(page.get_by_text("20\u00a0000\u00a0kr")).to_be_visible()
    await kim.check("project")
    page = await kim.goto(f"/omgangar/{ROUND_ID}/projekt/{cancelled}")
    for _ in range(50):  # the cancellation, too, goes through the project's workflow
        if await page.get_by_text("Marken behövs").count():
            break
        await page.wait_for_timeout(200)
        await page.reload()
    await expect(page.get_by_text("Marken behövs för den nya busshållplatsen.")).to_be_visible()
    await kim.goto(f"/omgangar/{ROUND_ID}/projekt")
    await kim.check("projects")
    await kim.goto(f"/omgangar/{ROUND_ID}/kvitto")
    await kim.check("receipt-check")
    await kim.goto("/")
    await kim.check("start")
    page = await kim.goto("/tillganglighet")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsredogörelse")
    await kim.check("accessibility")
    page = await kim.goto("/personuppgifter")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("personuppgifter")
    await kim.check("personal-data")
    page = await kim.goto(f"/omgangar/{ROUND_ID}")
    await expect(page.get_by_role("link", name="Läs rapporten om hur det går")).to_be_visible()
    await no_internal_text(page)
    await kim.check("round-implementation")
    page = await kim.goto(f"/omgangar/{ROUND_ID}?lang=en")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.locator(".phase-sentence")).to_contain_text("The projects are being")
    await no_internal_text(page)
    await kim.check("round-english")
    page = await kim.goto(f"/omgangar/{ROUND_ID}/slutrapport?lang=sv")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Preliminär rapport")
