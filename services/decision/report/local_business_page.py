"""The report's sections on local business as HTML: the answer, the money, the indicators,
the follow-up, the survey, the process and the kommun's rounds side by side. Every chart has
its figures in a table beside it (the text alternative), and the page prints cleanly."""

from html import escape

from services.decision.models.survey import SurveyResults
from services.decision.report.charts import HIDDEN, bar_chart
from services.decision.report.data import RoundReport, project_name
from services.decision.report.local_business import LocalBusinessReport

STAGE_NAMES = {"after_voting": "efter omröstningen", "after_implementation": "efter genomförandet"}
RESPONDENT_NAMES = {"resident": "invånare", "company": "företag"}
UNKNOWN = "uppgift saknas"
PHASE_NAMES = {
    "PREPARING": "Förberedelse",
    "INTAKE": "Förslagsinsamling",
    "ASSESSMENT": "Bedömning",
    "BALLOT_APPROVAL": "Godkännande av röstsedeln",
    "VOTING": "Röstning",
    "TALLYING": "Rösträkning",
    "COUNCIL_DECISION": "Fullmäktiges beslut",
    "IMPLEMENTATION": "Genomförande",
    "EVALUATION": "Uppföljning",
}
# Charts shrink to the screen (a 390 px phone); print drops colours and keeps tables whole.
STYLE = """
svg{max-width:100%;height:auto}.answer{font-size:1.1rem;border-left:4px solid #2f6f9f;
padding:.3rem .8rem}.table-wrap{overflow-x:auto}
@media print{body{max-width:none;margin:0;font-size:11pt}a{color:inherit}
a[href]::after{content:" (" attr(href) ")";font-size:9pt}svg rect{fill:#555}
h2{break-after:avoid}table,figure{break-inside:avoid}}
"""


def _cell(value: object) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return str(value)


def _table(heads: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in heads)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<div class='table-wrap'><table><tr>{head}</tr>{body}</table></div>"


def _answer(lb: LocalBusinessReport) -> str:
    return f"<p class='answer'>{escape(lb.answer)}</p>"


def _spend(report: RoundReport, lb: LocalBusinessReport) -> str:
    share = lb.spend.round
    bars: list[tuple[str, int | None]] = [
        (f"säte i {lb.kommun}", share.local),
        ("säte i annan kommun", share.non_local),
        ("säte okänt", share.unknown),
    ]
    names = {line.project_id: project_name(line) for line in report.projects}
    rows: list[list[object]] = [
        [names.get(pid, f"Projekt {pid}"), s.total, s.local, s.local_share]
        for pid, s in lb.spend.projects.items()
    ]
    rows.append(["Hela omgången", share.total, share.local, share.local_share])
    return bar_chart("Utbetalt efter leverantörens säte", bars, "kr") + _table(
        ["Projekt", "Utbetalt, kr", "Till lokala företag, kr", "Andel, %"], rows
    )


def _indicators(report: RoundReport, lb: LocalBusinessReport) -> str:
    if not lb.indicators:
        return "<p class='empty'>Inga indikatorer är angivna.</p>"
    names = {line.project_id: project_name(line) for line in report.projects}
    heads = ["Projekt", "Indikator", "Enhet", "Utgångsvärde", "Datum", "Mål", "Uppmätt"]
    heads += ["Förändring", "Målet nått", "Källa"]
    rows = [[names.get(i.project_id, f"Projekt {i.project_id}"), *i.cells()] for i in lb.indicators]
    return _table(heads, rows)


def _follow_up(lb: LocalBusinessReport) -> str:
    f = lb.follow_ups
    if not f.planned:
        return "<p class='empty'>Ingen uppföljningsmätning är planerad.</p>"
    rows: list[list[object]] = [[f.planned, f.measured, f.closed, f.pending]]
    return _table(["Planerade", "Uppmätta", "Stängda med skäl", "Kvar"], rows)


def _survey(survey: SurveyResults) -> str:
    title = f"Enkäten {STAGE_NAMES[survey.stage]}"
    if not survey.respondents:
        return f"<h3>{title}</h3><p class='empty'>Inga svar än.</p>"
    parts = [f"<h3>{title}</h3><p>{survey.respondents} svar.</p>"]
    for question in survey.questions:
        rows: list[list[object]] = []
        for respondent, counts in question.counts.items():
            for value, count in counts.items():
                rows.append(
                    [RESPONDENT_NAMES[respondent], value, HIDDEN if count is None else count]
                )
        mean = f" Medelvärde {question.mean:g}." if question.mean is not None else ""
        parts.append(f"<p><strong>{escape(question.text)}</strong>{mean}</p>")
        parts.append(_table(["Vem", "Svar", "Antal"], rows))
    hidden = any(
        count is None
        for question in survey.questions
        for counts in question.counts.values()
        for count in counts.values()
    )
    if hidden:
        note = f"”{HIDDEN}”: färre än {survey.min_cell} svar i gruppen visas inte."
        parts.append(f"<p class='note'>{note}</p>")
    return "".join(parts)


def _process(lb: LocalBusinessReport) -> str:
    p = lb.process
    rows: list[list[object]] = [
        ["Förslag", p.proposals],
        ["Bedömda förslag", p.assessed],
        ["Röstande", p.ballots],
        ["Kommunens kostnad för att driva omgången, kr", p.running_cost],
        ["Arbetstimmar", p.staff_hours],
        ["Kostnad per röstande, kr", p.cost_per_voter],
    ]
    channels = p.proposals_by_channel or {}
    rows += [[f"Förslag via {channel}", count] for channel, count in channels.items()]
    if (w := p.assessment) is not None:
        rows += [["Genomförbara", w.feasible], ["Inte genomförbara", w.rejected]]
        rows += [["Sammanslagna", w.merged], ["Dagar till bedömning, median", w.median_days]]
        rows += [[f"Bedömda av {name}", count] for name, count in w.by_assessor.items()]
    text = _table(["", "Antal"], rows)
    if p.phases:
        phases: list[list[object]] = [
            [PHASE_NAMES.get(d.phase, d.phase), d.planned_days, d.actual_days] for d in p.phases
        ]
        text += _table(["Fas", "Planerat, dagar", "Faktiskt, dagar"], phases)
    if p.moved_deadlines:
        moved: list[list[object]] = [
            [
                PHASE_NAMES.get(m.phase, m.phase),
                m.previous.date().isoformat() if m.previous else None,
                m.deadline.date().isoformat(),
                m.reason,
                m.requested_by,
            ]
            for m in p.moved_deadlines
        ]
        text += _table(["Fas", "Från", "Till", "Skäl", "Begärt av"], moved)
    else:
        text += "<p>Inga tidsgränser flyttades.</p>"
    return text


def years_section(lb: LocalBusinessReport) -> str:
    heads = ["Omgång", "Röstande", "Valdeltagande, %", "Till lokala företag, %"]
    heads += ["Beviljade projekt", "Genomförda", "I tid", "Enkät, lokalt näringsliv (1-5)"]
    rows = [[y.title + (" (denna)" if y.current else ""), *y.figures()] for y in lb.years]
    # Only rounds whose share is known: "dold" would say hidden, and unknown is not hidden.
    bars: list[tuple[str, int | None]] = [
        (y.title, round(y.local_share)) for y in lb.years if y.local_share is not None
    ]
    return bar_chart("Andel till lokala företag per omgång", bars, "%") + _table(heads, rows)


def _open_data(round_id: str) -> str:
    base = f"/rounds/{escape(round_id)}/open-data"
    links = [
        (f"{base}/local-business.json", "Alla siffror (JSON)"),
        *(
            (f"{base}/{table}.csv", f"{name} (CSV)")
            for table, name in [
                ("indicators", "Indikatorer"),
                ("spend", "Utbetalningar"),
                ("survey", "Enkäten"),
                ("years", "År för år"),
            ]
        ),
    ]
    items = "".join(f"<li><a href='{href}'>{escape(name)}</a></li>" for href, name in links)
    return f"<ul>{items}</ul>"


def local_business_sections(report: RoundReport) -> list[tuple[str, str]]:
    """(heading, HTML) of each section, for the report page to place after its own."""
    lb = report.local_business
    if lb is None:
        return []
    return [
        ("Gynnade omgången det lokala näringslivet?", _answer(lb)),
        ("Pengar till lokala företag", _spend(report, lb)),
        ("Indikatorer för lokalt näringsliv", _indicators(report, lb)),
        ("Uppföljningsmätning", _follow_up(lb)),
        ("Enkäten", "".join(_survey(s) for s in lb.surveys)),
        ("Hur processen gick", _process(lb)),
        ("År för år", years_section(lb)),
        ("Öppna data", _open_data(report.round_id)),
    ]
