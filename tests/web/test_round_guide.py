"""The round page's guidance: one resident sentence per phase, the timeline as steps."""

from typing import Any

from services.web import round_guide
from services.web.i18n import use_language

TIMELINE = {
    "intake_closes_at": "2027-03-31T21:59:00Z",
    "assessment_due_at": "2027-05-15T21:59:00Z",
    "voting_opens_at": "2027-06-01T06:00:00Z",
    "voting_closes_at": "2027-06-14T21:59:00Z",
    "council_decision_due_at": "2027-09-30T21:59:00Z",
    "implementation_due_at": "2028-06-30T21:59:00Z",
    "evaluation_at": "2028-09-30T21:59:00Z",
}


def _status(phase: str) -> dict[str, Any]:
    return {"phase": phase, "timeline": TIMELINE, "phase_deadline": None, "waiting_for": "x"}


def test_each_phase_has_one_sentence_with_its_date_and_no_internal_words() -> None:
    use_language("sv")
    assert round_guide.sentence(_status("INTAKE")) == (
        "Lämna ditt förslag senast 31 mars 2027 kl. 23.59."
    )
    assert round_guide.sentence(_status("VOTING")) == "Rösta senast 14 juni 2027 kl. 23.59."
    for phase in [*round_guide.PHASE_ORDER, "CANCELLED"]:
        text = round_guide.sentence(_status(phase))
        assert text and "_" not in text and "signal" not in text, phase


def test_the_sentence_is_translated() -> None:
    use_language("en")
    assert round_guide.sentence(_status("INTAKE")) == (
        "Submit your proposal by 31 March 2027 at 23:59."
    )


def test_the_steps_mark_what_is_done_and_what_is_current() -> None:
    steps = round_guide.steps(_status("VOTING"))
    states = [(step.label, step.state) for step in steps]
    assert states[:5] == [
        ("Sista dag för förslag", "done"),
        ("Bedömningen klar", "done"),
        ("Röstningen öppnar", "done"),
        ("Röstningen stänger", "current"),
        ("Beslut i fullmäktige", "upcoming"),
    ]
    assert all(s.state == "done" for s in round_guide.steps(_status("COMPLETED")))
    assert all(s.state == "upcoming" for s in round_guide.steps(_status("CANCELLED")))


def test_results_and_report_are_linked_once_they_exist() -> None:
    assert not round_guide.reached(_status("TALLYING"), round_guide.RESULTS_FROM)
    assert round_guide.reached(_status("COUNCIL_DECISION"), round_guide.RESULTS_FROM)
    assert round_guide.reached(_status("COMPLETED"), round_guide.REPORT_FROM)
    assert not round_guide.reached(_status("CANCELLED"), round_guide.RESULTS_FROM)
    assert not round_guide.reached(None, round_guide.RESULTS_FROM)
