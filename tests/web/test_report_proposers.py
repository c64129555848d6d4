"""Who proposed, in the site's final report: proposals by the proposers' areas and age bands
as the evaluation received them from intake, small groups shown as hidden, never as zero."""

from pathlib import Path

from tests.services.decision.conftest import OPENING, PARTICIPATION
from tests.services.intake.helpers import ROUND_ID
from tests.web.in_process import decision_service, web_client

PAGE = f"/omgangar/{ROUND_ID}/slutrapport"


def test_the_report_shows_proposers_by_area_and_age_band(database_url: str, tmp_path: Path) -> None:
    participation = PARTICIPATION | {
        "by_area": {"proposals": {"are-by": 9, "jarpen": None, "unknown": None}},
        "by_age_band": {"proposals": {"25-34": 6, "65+": 3, "18-24": None, "unknown": None}},
    }
    evaluation = OPENING | {"participation": participation}
    service = decision_service(tmp_path, ROUND_ID, evaluation=evaluation)
    csv = service.get(f"/rounds/{ROUND_ID}/report.csv?table=participation").text
    assert f"{ROUND_ID},age_band,25-34,6,," in csv and f"{ROUND_ID},age_band,18-24,,," in csv
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        text = client.get(PAGE).text
        start = text.index("Förslag per förslagsställarens åldersgrupp")
        chart = text[start : text.index("</figure>", start)]
        assert "<li>25-34: 6</li>" in chart and "<li>65+: 3</li>" in chart
        assert "<li>18-24: dold</li>" in chart and "<li>Uppgift saknas: dold</li>" in chart
        areas = text[text.index("Förslag per område") :]
        assert "<li>Åre by: 9</li>" in areas and "<li>Järpen: dold</li>" in areas
        # The page says why some are hidden, naming the proposers (no voters' group is).
        assert "Grupper med färre än 5 förslagsställare visas inte" in text
        assert "röstande visas inte" not in text
        english = client.get(PAGE + "?lang=en").text
        assert "Proposals by the proposer&#39;s age band" in english
        assert "fewer than 5 proposers are not shown" in english
