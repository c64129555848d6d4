"""The report's per-project table as CSV, for the evaluator's own analysis."""

import csv
import io

from services.decision.report.data import ProjectLine, RoundReport

COLUMNS = list(ProjectLine.model_fields)


def report_csv(report: RoundReport) -> str:
    """One row per project on the ballot, in the result's order; empty cells where nothing
    was entered (an indicator no one reported is unknown, not zero)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["round_id", *COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    for line in report.projects:
        values = line.model_dump()
        writer.writerow({"round_id": report.round_id, **{k: _cell(values[k]) for k in COLUMNS}})
    return out.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
