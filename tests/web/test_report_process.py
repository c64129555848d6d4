"""The final report's "how the process went" section in the site (phases against the plan,
moved deadlines with their reasons, proposals per channel, the round's running cost), from the
real decision service in-process, in Swedish and English; and the site's print stylesheet."""

from pathlib import Path

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.decision.conftest import OPENING
from tests.services.decision.test_local_business_report import PROCESS, WORKLOAD
from tests.services.intake.helpers import ROUND_ID
from tests.web.in_process import decision_service, web_client

PAGE = f"/omgangar/{ROUND_ID}/slutrapport"


def _section(page: str) -> str:
    start = page.index('<section class="process"')
    return page[start : page.index("</section>", start)]


def test_the_report_tells_how_the_process_went(
    database_url: str, tmp_path: Path, auth: TokenFactory
) -> None:
    process = PROCESS | {"assessment": WORKLOAD}
    service = decision_service(tmp_path, ROUND_ID, evaluation=OPENING | {"process": process})
    cost = {"amount": 60_000, "staff_hours": 120, "note": "Information och möten"}
    official = auth(Role.OFFICIAL, name="Eva Ek")
    stored = service.put(f"/rounds/{ROUND_ID}/running-cost", json=cost, headers=official)
    assert stored.status_code == 200
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        page = client.get(PAGE)
        assert page.status_code == 200
        section = _section(page.text)
        assert "Hur processen gick" in section
        # Phases: intake 28 days as planned; assessment 45 days against 31 planned.
        assert 'Förslag tas emot</th><td class="num">28</td><td class="num">28</td>' in section
        assert 'Bedömning</th><td class="num">31</td><td class="num">45</td>' in section
        assert "Fler förslag än väntat." in section and "15 april 2027" in section
        assert "Eva Ek" in section
        # Proposals per channel (11 on the web, 1 by phone) as a chart with its figures.
        assert "Förslag per sätt att lämna in" in section and "<li>Per telefon: 1</li>" in section
        # The assessment's workload: verdicts, per official, days from submission to verdict.
        assert "12 bedömningar: 4 genomförbara, 7 inte genomförbara, 1 sammanslagna." in section
        assert '<th scope="row">Eva Ek</th><td class="num">8</td>' in section
        assert "9,5 dagar i median, som längst 31" in section
        assert "Bedömda förslag</dt><dd>12" in section
        assert "60\u00a0000\u00a0kr" in section and "10\u00a0000\u00a0kr" in section  # per voter
        english = _section(client.get(PAGE + "?lang=en").text)
        assert "How the process went" in english and "Moved deadlines" in english
        assert "By phone: 1" in english and "15 April 2027" in english
        assert "12 assessments: 4 feasible" in english and "a median of 9.5 days" in english


def test_a_report_without_process_figures_says_so_rather_than_showing_zeros(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND_ID, evaluation=OPENING)
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        section = _section(client.get(PAGE).text)
        assert "Inga tidsgränser flyttades." in section
        assert "Fasernas längd är inte kända för den här omgången." in section
        assert "Kommunens kostnad för att driva omgången</dt><dd>uppgift saknas" in section
        assert "Bedömda förslag" not in section and "arbetsbörda" not in section


def test_the_site_prints_the_content_alone() -> None:
    """The print stylesheet: the site's header, navigation, footer and forms stay off paper,
    links are spelled out, tables and charts are not split."""
    css = (Path(__file__).parents[2] / "services/web/static/style.css").read_text()
    rules = css[css.index("@media print") :]
    assert ".site-header, .site-footer" in rules and "display: none" in rules
    assert 'content: " (" attr(href) ")"' in rules
    assert "break-inside: avoid" in rules
