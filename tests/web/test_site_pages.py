"""The pages every round shares: the kommun in the footer (from MB_KOMMUN_*), the pages about
personal data and the counting rules, in both languages."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from services.web.settings import WebSettings
from tests.web.in_process import web_client

LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'


def test_the_footer_names_the_kommun_and_how_to_reach_it(database_url: str, tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_bytes(LOGO)
    with web_client(
        database_url,
        kommun_name="Åre kommun",
        kommun_logo_file=str(logo),
        kommun_contact_email="medborgarbudget@are.se",
        kommun_contact_phone="0647 161 00",
        kommun_website="https://are.se",
    ) as client:
        page = client.get("/").text
        assert "Medborgarbudget – en tjänst från Åre kommun" in page
        assert 'href="mailto:medborgarbudget@are.se"' in page
        assert 'href="tel:064716100"' in page and 'src="/kommunlogga"' in page
        assert 'href="/personuppgifter"' in page and 'href="/sa-raknas-rosterna"' in page
        served = client.get("/kommunlogga")
        assert served.status_code == 200 and served.content == LOGO
        assert served.headers["content-type"] == "image/svg+xml"
        data = client.get("/personuppgifter").text
        assert "personnummer" in data and "medborgarbudget@are.se" in data


def test_without_a_kommun_configured_the_footer_stays_plain(database_url: str) -> None:
    with web_client(database_url) as client:
        page = client.get("/").text
        assert "en tjänst från kommunen" in page and "/kommunlogga" not in page
        assert client.get("/kommunlogga").status_code == 404


def test_the_rules_page_and_the_personal_data_page_in_english(database_url: str) -> None:
    with web_client(database_url) as client:
        rules = client.get("/sa-raknas-rosterna?lang=en").text
        assert "How the votes are counted" in rules and "Equal shares" in rules
        data = client.get("/personuppgifter?lang=en").text
        assert "How your personal data is handled" in data


def test_a_website_that_is_not_a_web_address_is_refused() -> None:
    with pytest.raises(ValidationError):
        WebSettings(kommun_website="javascript:alert(1)")
