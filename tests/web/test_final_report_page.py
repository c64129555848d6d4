"""The final report inside the site: the decision service's figures (real service, in-process)
with Swedish labels and area names, empty breakdowns left out, no raw keys."""

from pathlib import Path

from services.common.auth import Role
from tests.services.decision.conftest import OPENING, PROJECT, TALLY
from tests.services.decision.test_pot_decision import POTS_TALLY
from tests.services.decision.test_pot_report import DECISION as POTS_DECISION
from tests.services.decision.test_projects_on_time import AFTER, BEFORE
from tests.services.decision.test_report import DECISION, VOTERS
from tests.services.intake.helpers import ROUND_ID
from tests.web.in_process import decision_service, sign_in_as, web_client

PAGE = f"/omgangar/{ROUND_ID}/slutrapport"
RAW_KEYS = ("ballot_count", "ballots_sha256", "{'utilities'", "by_age_band", "not_approved")


def test_the_report_is_a_page_of_the_site_in_words(database_url: str, tmp_path: Path) -> None:
    participation = VOTERS | {"by_area": {"voters": {"are-by": 6, "jarpen": 0}}}
    service = decision_service(
        tmp_path,
        ROUND_ID,
        **{
            "recommendation": TALLY | {"round_id": ROUND_ID},
            "council-decision": DECISION,
            "evaluation": OPENING | {"participation": participation},
        },
    )
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        page = client.get(PAGE)
        assert page.status_code == 200, page.text
        text = page.text
        assert 'class="site-header"' in text and "Preliminär rapport" in text
        assert "Röstande per område" in text and "Åre by" in text  # a name, not "are-by"
        assert "Röstande per åldersgrupp" not in text  # every group hidden or zero: left out
        assert "15 september 2027" in text and "Bänkar vid ån" in text
        assert "0/0" not in text and "delmål klara" not in text  # no milestones, nothing said
        assert "Inte beviljat" in text and "100\u00a0000\u00a0kr" in text
        assert "Kontrollsumma för röstsedlarna (SHA-256)" in text and "ab" * 32 in text
        assert not [key for key in RAW_KEYS if key in text]
        english = client.get(PAGE + "?lang=en").text
        assert "Preliminary report" in english and "Voters per area" in english


def test_a_round_with_pots_reports_each_pot_and_the_total(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(
        tmp_path,
        ROUND_ID,
        **{
            "recommendation": POTS_TALLY | {"round_id": ROUND_ID},
            "council-decision": POTS_DECISION,
        },
    )
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        text = client.get(PAGE).text
        assert "<h2>Potterna</h2>" in text
        section = text[text.index("<h2>Potterna</h2>") :]
        assert section.index("Hela kommunen") < section.index("Norr") < section.index("Totalt")
        assert "60\u00a0000\u00a0kr" in section and "85\u00a0000\u00a0kr" in section
        assert "Motivering för Norr: Skolan &lt;först&gt;." in text


def test_a_project_finished_after_its_due_date_says_so(database_url: str, tmp_path: Path) -> None:
    """Once done a project is no longer overdue: only when it was done tells it was late."""
    done = {**PROJECT, "approved_cost": 60_000, "status": "done", "done_at": AFTER}
    service = decision_service(
        tmp_path,
        ROUND_ID,
        **{
            "recommendation": TALLY | {"round_id": ROUND_ID},
            "council-decision": DECISION,
            "projects/1": done,
            "projects/4": done | {"approved_cost": 10_000, "done_at": BEFORE},
        },
    )
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        assert client.get(PAGE).text.count("Klart efter slutdatumet") == 1
        assert client.get(PAGE + "?lang=en").text.count("Finished after the due date") == 1
        projects = f"/omgangar/{ROUND_ID}/projekt"
        assert client.get(f"{projects}?lang=sv").text.count("Klart efter slutdatumet") == 1
        assert "(klart efter slutdatumet)" in client.get(f"{projects}/1").text
        on_time = client.get(f"{projects}/4").text
        assert "Klart" in on_time and "slutdatumet" not in on_time
        sign_in_as(client, Role.OFFICIAL, "official-1")
        admin = client.get(f"/omgangar/{ROUND_ID}/uppfoljning?lang=sv").text
        assert admin.count("klart efter slutdatumet") == 1
