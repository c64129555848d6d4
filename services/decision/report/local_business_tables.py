"""The local-business figures as open data: one CSV per table (long format, empty cell =
unknown, ``dold`` nowhere: a hidden count is an empty cell with ``hidden`` true)."""

import csv
import io
from collections.abc import Iterable, Sequence

from services.decision.report.local_business import LocalBusinessReport
from services.decision.report.tables import csv_cell

TABLES = ("indicators", "spend", "survey", "years")


def _csv(heads: list[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(heads)
    for row in rows:
        writer.writerow(map(csv_cell, row))
    return out.getvalue()


def indicators_csv(round_id: str, lb: LocalBusinessReport) -> str:
    heads = ["round_id", "project_id", "key", "name", "unit", "baseline_value", "baseline_date"]
    heads += ["target", "measured", "change", "target_met", "source"]
    return _csv(heads, ([round_id, i.project_id, i.key, *i.cells()] for i in lb.indicators))


def spend_csv(round_id: str, lb: LocalBusinessReport) -> str:
    heads = ["round_id", "project_id", "total", "local", "non_local", "unknown", "local_share"]
    rows = [
        [round_id, pid, s.total, s.local, s.non_local, s.unknown, s.local_share]
        for pid, s in lb.spend.projects.items()
    ]
    s = lb.spend.round
    rows.append([round_id, "", s.total, s.local, s.non_local, s.unknown, s.local_share])
    return _csv(heads, rows)


def survey_csv(round_id: str, lb: LocalBusinessReport) -> str:
    heads = ["round_id", "stage", "question", "respondent", "answer", "count", "hidden"]
    rows = [
        [round_id, survey.stage, question.id, respondent, value, count, count is None]
        for survey in lb.surveys
        for question in survey.questions
        for respondent, counts in question.counts.items()
        for value, count in counts.items()
    ]
    return _csv(heads, rows)


def years_csv(lb: LocalBusinessReport) -> str:
    heads = ["round_id", "title", "ballots", "turnout", "local_share", "projects_approved"]
    heads += ["projects_done", "projects_on_time", "survey_mean"]
    return _csv(heads, ([y.round_id, y.title, *y.figures()] for y in lb.years))


def table_csv(table: str, round_id: str, lb: LocalBusinessReport) -> str:
    if table == "indicators":
        return indicators_csv(round_id, lb)
    if table == "spend":
        return spend_csv(round_id, lb)
    if table == "survey":
        return survey_csv(round_id, lb)
    return years_csv(lb)
