"""The one-paragraph answer to "did it benefit local business?", in plain Swedish, put
together from the report's figures by fixed rules: every sentence states a figure or says that
it is missing, and the verdict follows from the figures alone (never free text)."""

from sqlmodel import Session

from services.common.money import format_sek
from services.decision.models.round import DecisionRound
from services.decision.report.local_business import (
    LocalBusinessReport,
    RoundYear,
    build_local_business,
    local_business_mean,
)
from services.decision.report.numbers import percent

# Where the verdict turns: most of the money to local companies, most targets met, and
# residents and companies on average agreeing (4 of 5 is "i ganska hög grad").
LOCAL_MAJORITY = 50.0
AGREEING = 3.5


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if value == int(value) else f"{value:g}"


def _spend(report: LocalBusinessReport) -> str:
    share = report.spend.round
    if not share.total or share.local_share is None:  # a share wherever money was paid out
        return "Inga utbetalningar är registrerade, så andelen till lokala företag är okänd."
    paid, local = format_sek(share.total), format_sek(share.local)
    text = (
        f"Av de {paid} som projekten betalade ut gick {local} "
        f"({percent(share.local_share)}) till företag med säte i {report.kommun}."
    )
    if share.unknown:
        text += f" För {format_sek(share.unknown)} är leverantörens säte okänt."
    return text


def _targets(report: LocalBusinessReport) -> tuple[str, bool | None]:
    judged = [line for line in report.indicators if line.target_met is not None]
    if not judged:
        return "Inga indikatorer med mål är uppmätta vid uppföljningen än.", None
    met = sum(1 for line in judged if line.target_met)
    text = f"Vid uppföljningen nådde {met} av {len(judged)} uppmätta indikatorer sitt mål."
    return text, met * 2 >= len(judged)


def _survey(mean: float | None) -> str:
    if mean is None:
        return "Enkäten har för få svar för att visa hur invånare och företag bedömer nyttan."
    return (
        "I enkäten var medelbetyget på frågan om projekten stärkte det lokala näringslivet "
        f"{_number(mean)} av 5."
    )


def _compared(years: list[RoundYear]) -> str:
    current = next((y for y in years if y.current), None)
    earlier = [y for y in years if not y.current and y.local_share is not None]
    if current is None or current.local_share is None or not earlier:
        return ""
    last = earlier[-1]
    assert last.local_share is not None
    if current.local_share > last.local_share:
        direction = "högre än"
    elif current.local_share < last.local_share:
        direction = "lägre än"
    else:
        direction = "lika hög som"
    share = percent(last.local_share)
    return f" Andelen till lokala företag var {direction} i {last.title} ({share})."


def verdict(share: float | None, targets_met: bool | None, mean: float | None) -> str:
    signs = [
        s
        for s in (
            None if share is None else share >= LOCAL_MAJORITY,
            targets_met,
            None if mean is None else mean >= AGREEING,
        )
        if s is not None
    ]
    if not signs:
        return (
            "Underlaget räcker ännu inte för att svara på om omgången gynnade det lokala "
            "näringslivet."
        )
    if all(signs):
        return "Sammantaget tyder siffrorna på att omgången gynnade det lokala näringslivet."
    if not any(signs):
        return "Sammantaget visar siffrorna inte att omgången gynnade det lokala näringslivet."
    return "Siffrorna ger en blandad bild av om omgången gynnade det lokala näringslivet."


def local_business_answer(report: LocalBusinessReport, survey_mean: float | None) -> str:
    targets, met = _targets(report)
    parts = [
        verdict(report.spend.round.local_share, met, survey_mean),
        _spend(report),
        targets,
        _survey(survey_mean),
    ]
    return " ".join(parts) + _compared(report.years)


def local_business_report(
    session: Session, decision_round: DecisionRound, min_cell: int
) -> LocalBusinessReport:
    """The figures with the answer built from them."""
    report = build_local_business(session, decision_round, min_cell)
    report.answer = local_business_answer(report, local_business_mean(report.surveys))
    return report
