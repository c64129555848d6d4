"""Every text the pages mark for translation has an English text in the gettext catalogue,
and the compiled catalogue the pages load is the one committed beside it."""

import json
import shutil
from pathlib import Path

import pytest

from services.web import catalogue
from services.web.i18n import gettext, ngettext, translate, use_language


def test_every_marked_text_has_an_english_translation() -> None:
    ids = catalogue.extracted_ids()
    assert "Lämna ett förslag" in ids  # extraction reaches the templates
    assert "Förslag tas emot" in ids  # and texts marked with N_() in modules
    missing = catalogue.untranslated(catalogue.read_catalogue(), ids)
    assert not missing, f"no English text (make i18n, fill in the .po): {missing}"


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    assert not catalogue.compiled_differs(catalogue.read_catalogue()), "run make i18n"


def test_no_texts_wait_in_the_old_dictionary() -> None:
    assert not catalogue.LEGACY_JSON.exists(), "run make i18n-import to fold it in"


def test_a_text_without_translation_falls_back_to_swedish() -> None:
    assert translate("en", "Lämna ett förslag") == "Make a proposal"
    assert translate("en", "En text som ingen har översatt") == "En text som ingen har översatt"
    assert translate("fi", "Lämna ett förslag") == "Lämna ett förslag"


def test_plurals_follow_the_count_in_both_languages() -> None:
    use_language("sv")
    assert ngettext("%(num)s röst", "%(num)s röster", 1) == "1 röst"
    assert ngettext("%(num)s röst", "%(num)s röster", 1200) == "1\u00a0200 röster"
    use_language("en")
    assert ngettext("%(num)s röst", "%(num)s röster", 1) == "1 vote"
    assert ngettext("%(num)s röst", "%(num)s röster", 3) == "3 votes"
    assert gettext("Sista dag för förslag") == "Last day for proposals"
    use_language("sv")


def test_texts_from_an_old_dictionary_are_folded_into_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the lead runs when a branch still adds texts to messages_en.json (make i18n-import)."""
    po, mo = tmp_path / "messages.po", tmp_path / "messages.mo"
    shutil.copy(catalogue.PO_FILE, po)
    monkeypatch.setattr(catalogue, "PO_FILE", po)
    monkeypatch.setattr(catalogue, "MO_FILE", mo)
    legacy = tmp_path / "messages_en.json"
    texts = {"En helt ny text": "A brand new text", "Lämna ett förslag": "Submit a proposal"}
    legacy.write_text(json.dumps(texts), encoding="utf-8")
    assert catalogue.main(["import-json", str(legacy)]) == 0
    assert not legacy.exists()
    merged = catalogue.read_catalogue()
    new, changed = merged.get("En helt ny text"), merged.get("Lämna ett förslag")
    assert new is not None and new.string == "A brand new text"
    assert changed is not None and changed.string == "Submit a proposal"  # the JSON's is newer
    assert not catalogue.compiled_differs(merged)
