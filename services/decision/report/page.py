"""The report as one readable HTML page in Swedish, for residents, politicians and the
evaluator: figures, charts, the council's decision and the conclusions."""

from collections.abc import Iterable
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from services.common.money import format_sek
from services.decision.models.evaluation import Breakdown, Participation
from services.decision.report.charts import HIDDEN, bar_chart
from services.decision.report.data import NOT_APPROVED, ProjectLine, RoundReport, project_name
from services.decision.report.local_business_page import STYLE as LOCAL_BUSINESS_STYLE
from services.decision.report.local_business_page import local_business_sections
from services.decision.report.numbers import percent
from services.decision.report.pots import pots_html

STOCKHOLM = ZoneInfo("Europe/Stockholm")
STATUS_NAMES = {
    "done": "Genomfört",
    "in_progress": "Pågår",
    "cancelled": "Avbrutet",
    NOT_APPROVED: "Ej beviljat",
}
DIMENSIONS = [("by_area", "område"), ("by_age_band", "åldersgrupp"), ("by_channel", "kanal")]
DIMENSIONS.append(("by_kind", "typ av deltagare"))
MISSING = "uppgift saknas (tjänsten lämnar inte ut den ännu)"
GROUP_NAMES = {"unknown": "uppgift saknas", "online": "digitalt", "paper": "på papper"}
GROUP_NAMES |= {"resident": "invånare", "company": "företag", "association": "förening"}
STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1b1b1b;line-height:1.45}h1{margin-bottom:.2rem}table{border-collapse:collapse;
margin:.5rem 0 1rem}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
td.n{text-align:right}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
svg text{font-size:13px;fill:#1b1b1b}svg rect{fill:#2f6f9f}.status{font-weight:600}
.empty,.note{color:#555}pre{white-space:pre-wrap;font-family:inherit}
"""


def swedish_time(when: datetime) -> str:
    return when.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _table(rows: Iterable[tuple[str, object]]) -> str:
    cells = "".join(
        f"<tr><th>{escape(name)}</th><td>{escape(str(value))}</td></tr>" for name, value in rows
    )
    return f"<table>{cells}</table>"


def _participation(participation: Participation | None, turnout: float | None) -> str:
    if participation is None:
        return "<p class='empty'>Uppföljningen har inte öppnats än.</p>"
    p = participation
    facts = [
        ("Förslag", p.proposals),
        ("Genomförbara förslag", p.feasible),
        ("Röstande", p.ballots),
        ("Röstberättigade", p.eligible_voters if p.eligible_voters else "uppgift saknas"),
        ("Valdeltagande", percent(turnout) if turnout is not None else "uppgift saknas"),
        ("Dialogmöten", p.meetings if p.meetings is not None else "uppgift saknas"),
        (
            "Förslag från dialogmöten",
            p.meeting_proposals if p.meeting_proposals is not None else "uppgift saknas",
        ),
        ("Genomförda projekt", p.projects_done),
        ("Avbrutna projekt", p.projects_cancelled),
    ]
    parts = [_table(facts)]
    parts.append(bar_chart("Förslag per dag", sorted(p.proposals_per_day.items()), "st"))
    if p.ballots_per_day is None:
        parts.append(f"<p class='note'>Röster per dag: {MISSING}.</p>")
    else:
        parts.append(bar_chart("Röster per dag", sorted(p.ballots_per_day.items()), "st"))
    # Who the hidden groups are of, so the note names proposers or voters, not always voters.
    hidden: dict[str, bool] = {"förslagsställare": False, "röstande": False}
    for field, name in DIMENSIONS:
        breakdown: Breakdown = getattr(p, field)
        for who, group, counts in (
            ("Förslag", "förslagsställare", breakdown.proposals),
            ("Röstande", "röstande", breakdown.voters),
        ):
            title = f"{who} per {name}"
            if counts is None:
                parts.append(f"<p class='note'>{title}: {MISSING}.</p>")
                continue
            bars = [(GROUP_NAMES.get(group, group), count) for group, count in counts.items()]
            parts.append(bar_chart(title, bars, "st"))
            hidden[group] = hidden[group] or None in counts.values()
    if any(hidden.values()):
        groups = " eller ".join(group for group, shown in hidden.items() if shown)
        parts.append(
            f"<p class='note'>”{HIDDEN}”: grupper med färre än {p.min_cell or 'några'} {groups} "
            "visas inte, så att ingen kan pekas ut; ibland döljs också en större grupp, så att "
            "en liten inte kan räknas fram ur summan.</p>"
        )
    return "".join(parts)


def _decision(report: RoundReport) -> str:
    decision = report.council_decision
    if decision is None:
        return "<p class='empty'>Fullmäktige har inte beslutat än.</p>"
    titles = {line.project_id: project_name(line) for line in report.projects}

    def names(project_id: int) -> str:
        return titles.get(project_id, f"Förslag {project_id}")

    facts: list[tuple[str, object]] = [
        ("Diarienummer", decision.diarienummer),
        ("Paragraf", decision.paragraph),
        ("Sammanträde", decision.meeting_date.isoformat()),
        ("Ärende i diariet", decision.case_reference or "inte registrerat"),
        ("Beviljade förslag", ", ".join(map(names, decision.approved_project_ids)) or "inga"),
        ("Som omröstningen", "nej" if decision.differs_from_recommendation else "ja"),
    ]
    text = _table(facts)
    if decision.justification:
        text += f"<p>Motivering: {escape(decision.justification)}</p>"
    pot_names = {line.pot: line.name for line in report.pots}
    for pot, justification in decision.justifications.items():
        name = pot_names.get(pot, pot)
        text += f"<p>Motivering för {escape(name)}: {escape(justification)}</p>"
    return text


def _project_row(line: ProjectLine) -> str:
    indicators = [line.companies_involved, line.jobs_created, line.visitors, line.satisfaction]
    cells = [
        project_name(line),
        str(line.votes),
        format_sek(line.cost),
        STATUS_NAMES.get(line.status, line.status),
        f"{line.milestones_done}/{line.milestones_total} ({percent(line.progress)})",
        format_sek(line.spent) if line.approved else "",
        *("" if value is None else f"{value:g}" for value in indicators),
    ]
    note = line.cancellation_reason
    if not note and line.overdue:
        note = "försenat"
    elif not note and line.finished_late:
        note = "klart efter slutdatumet"
    cells.append(note)
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def _projects(report: RoundReport) -> str:
    heads = ["Projekt", "Röster", "Kostnad", "Status", "Delmål", "Använt", "Företag", "Jobb"]
    heads += ["Besökare", "Nöjdhet 1-5", "Anmärkning"]
    head = "".join(f"<th>{h}</th>" for h in heads)
    rows = "".join(_project_row(line) for line in report.projects)
    votes: list[tuple[str, int | None]] = [(project_name(ln), ln.votes) for ln in report.projects]
    money: list[tuple[str, int | None]] = []
    for status, totals in report.budget_by_status.items():
        name = STATUS_NAMES.get(status, status)
        money += [(f"{name}: beviljat", totals.approved), (f"{name}: använt", totals.spent)]
    return (
        bar_chart("Röster per projekt", votes, "röster")
        + bar_chart("Budget per status", money, "kr")
        + f"<table><tr>{head}</tr>{rows}</table>"
    )


def _conclusions(report: RoundReport) -> str:
    evaluation = report.evaluation
    if evaluation is None:
        return "<p class='empty'>Uppföljningen har inte öppnats än.</p>"
    if evaluation.status == "expired":
        text = "<p>Inga slutsatser lämnades före uppföljningens sista dag.</p>"
    elif evaluation.conclusions:
        by = escape(evaluation.submitted_by)
        text = f"<pre>{escape(evaluation.conclusions)}</pre><p>Lämnad av {by}.</p>"
    else:
        text = f"<p>Slutsatserna lämnas senast {swedish_time(evaluation.deadline)}.</p>"
    file = report.evaluator_report
    if file is not None:
        link = f"/rounds/{escape(report.round_id)}/evaluation/evaluator-report"
        text += f"<p>Utvärderarens rapport: <a href='{link}'>{escape(file.filename)}</a></p>"
    return text


def _mandate(report: RoundReport) -> str:
    mandate = report.mandate
    if mandate is None:
        return "<p class='empty'>Beslutet om omgången är inte registrerat.</p>"
    facts: list[tuple[str, object]] = [
        ("Beslutande organ", mandate.body),
        ("Diarienummer", mandate.diarienummer),
        ("Paragraf", mandate.paragraph),
        ("Datum", mandate.decided_on.isoformat()),
        ("Beslutad budget", format_sek(mandate.budget)),
    ]
    facts += [("Kriterium", criterion) for criterion in mandate.criteria]
    return _table(facts)


def _certificate(report: RoundReport) -> str:
    if report.rule is None:
        return "<p class='empty'>Rösterna är inte räknade än.</p>"
    facts: list[tuple[str, object]] = [
        ("Räkneregel", report.rule),
        ("Hash av röstsedlarna", report.ballots_hash),
    ]
    facts += sorted((report.certificate or {}).items())
    return _table(facts)


def report_html(report: RoundReport) -> str:
    state = "Slutrapport" if report.final else "Preliminär rapport: uppföljningen pågår"
    title = escape(report.title)
    sections = [
        ("Beslutet om omgången", _mandate(report)),
        ("Deltagande", _participation(report.participation, report.turnout)),
        ("Fullmäktiges beslut", _decision(report)),
        *([("Potterna", pots_html(report.pots))] if report.pots else []),
        ("Projekten", _projects(report)),
        ("Slutsatser", _conclusions(report)),
        ("Resultatintyg", _certificate(report)),
        *local_business_sections(report),
    ]
    body = "".join(f"<h2>{name}</h2>{content}" for name, content in sections)
    return (
        f"<!doctype html><html lang='sv'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{STYLE}{LOCAL_BUSINESS_STYLE}</style></head><body>"
        f"<h1>{title}</h1><p>{escape(report.kommun)} · budget {format_sek(report.budget)}</p>"
        f"<p class='status'>{state} (per {swedish_time(report.generated_at)})</p>"
        f"{body}</body></html>"
    )
