"""The evaluator's report uploaded through the follow-up page reaches the real decision
service (in-process) as the file it was; a refused file is said beside the file field."""

from pathlib import Path

from services.common.auth import Role
from services.web.i18n import translate
from services.web.rendering import templates
from tests.conftest import TokenFactory
from tests.services.decision.conftest import OPENING, PARTICIPATION, ROUND
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client

PAGE = f"/omgangar/{ROUND}/uppfoljning"
PDF = b"%PDF-1.7\n" + b"x" * 2000


def test_the_evaluators_report_is_uploaded_through_the_page(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND, evaluation=OPENING)
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.OFFICIAL, "official-1")
        token = csrf(client, PAGE)
        files = {"report": ("../../rapport.pdf", PDF, "application/pdf")}
        answer = client.post(f"{PAGE}/rapport", data={"csrf_token": token}, files=files)
        assert answer.status_code == 303, answer.text
        stored = service.get(f"/rounds/{ROUND}/evaluation/evaluator-report")
        assert stored.status_code == 200 and stored.content == PDF
        page = client.get(answer.headers["location"]).text
        assert "Utvärderarens rapport är uppladdad." in page and "rapport.pdf" in page

        fake = {"report": ("rapport.pdf", b"not a pdf at all", "application/pdf")}
        refused = client.post(f"{PAGE}/rapport", data={"csrf_token": token}, files=fake)
        assert refused.status_code == 422
        assert 'id="e-report"' in refused.text and 'href="#f-report"' in refused.text
        empty = client.post(f"{PAGE}/rapport", data={"csrf_token": token})
        assert empty.status_code == 422 and "Välj filen" in empty.text


def test_the_kommuns_rounds_side_by_side_are_a_page_of_the_site(
    database_url: str, tmp_path: Path, auth: TokenFactory
) -> None:
    """The year-on-year page: the decision service's figures in the site's layout, both of the
    kommun's rounds with their figures, the current one marked, in Swedish and English."""
    service = decision_service(tmp_path, ROUND, evaluation=OPENING)
    system = auth(Role.SYSTEM, subject="worker")
    earlier = {"title": "Medborgarbudget 2026", "kommun": "Åre", "budget": 80_000}
    assert service.put("/rounds/are-2026", json=earlier, headers=system).status_code == 200
    opened = OPENING | {"opened_at": "2027-03-01T09:00:00+01:00"}
    earlier_evaluation = opened | {"participation": PARTICIPATION | {"ballots": 250}}
    stored = service.put("/rounds/are-2026/evaluation", json=earlier_evaluation, headers=system)
    assert stored.status_code == 200
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.OFFICIAL, "official-1")
        assert f'href="/omgangar/{ROUND}/ar-for-ar"' in client.get(PAGE).text
        page = client.get(f"/omgangar/{ROUND}/ar-for-ar")
        assert page.status_code == 200
        text = page.text
        assert 'class="site-header"' in text and "Medborgarbudget i Åre år för år" in text
        rows = text[text.index("<tbody>") : text.index("</tbody>")]
        assert rows.index("Medborgarbudget 2026") < rows.index("Medborgarbudget 2027")
        assert ">250<" in rows and ">6<" in rows  # each round's voters
        assert "15,0\u00a0%" in rows  # the current round's turnout: 6 of 40
        assert "(denna omgång)" in rows and "uppgift saknas" in rows  # no payments yet
        assert "<style>" not in text  # not the decision service's own page
        english = client.get(f"/omgangar/{ROUND}/ar-for-ar?lang=en").text
        assert "Participatory budget in Åre year on year" in english
        assert "(this round)" in english and "15.0\u00a0%" in english


def test_the_local_business_partial_renders_the_reports_figures_in_english_too(
    database_url: str, tmp_path: Path
) -> None:
    """The partial the report page includes: the decision service's own report.json, every
    text translated, the SVG chart with its table."""
    service = decision_service(tmp_path, ROUND, evaluation=OPENING)
    report = service.get(f"/rounds/{ROUND}/report.json").json()
    template = templates.env.get_template("report_local_business.html")
    swedish = template.render(report=report, round_id=ROUND, _=lambda text: text)
    assert "Gynnade omgången det lokala näringslivet?" in swedish
    assert report["local_business"]["answer"] in swedish
    assert swedish.count("<svg") == 1 and f"/omgangar/{ROUND}/oppna-data/spend.csv" in swedish
    assert "Kommunens omgångar sida vid sida" in swedish and "(denna omgång)" in swedish
    english = template.render(report=report, round_id=ROUND, _=lambda text: translate("en", text))
    assert "Did the round benefit local business?" in english and "Year on year" in english
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        data = client.get(f"/omgangar/{ROUND}/oppna-data/years.csv")
        assert data.status_code == 200 and data.text.startswith("round_id,title")
        assert client.get(f"/omgangar/{ROUND}/oppna-data/other.csv").status_code == 404
        final = client.get(f"/omgangar/{ROUND}/slutrapport").text
        assert "Gynnade omgången det lokala näringslivet?" in final  # included in the report
