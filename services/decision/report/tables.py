"""The report's tables as CSV, for the evaluator's own analysis: one row per project, or one
row per group of the participation figures."""

import csv
import io

from services.decision.models.evaluation import Breakdown
from services.decision.report.data import ProjectLine, RoundReport

COLUMNS = list(ProjectLine.model_fields)
PARTICIPATION_COLUMNS = ["round_id", "dimension", "group", "proposals", "voters", "voters_hidden"]


def report_csv(report: RoundReport) -> str:
    """One row per project on the ballot, in the result's order; empty cells where nothing
    was entered (an indicator no one reported is unknown, not zero)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["round_id", *COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    for line in report.projects:
        values = line.model_dump()
        writer.writerow({"round_id": report.round_id, **{k: csv_cell(values[k]) for k in COLUMNS}})
    return out.getvalue()


def participation_csv(report: RoundReport) -> str:
    """Long format: ``dimension`` is ``day``, ``area``, ``age_band`` or ``channel``. An empty
    cell is unknown; ``voters_hidden`` is true where voting hid a group too small to show."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PARTICIPATION_COLUMNS)
    p = report.participation
    if p is None:
        return out.getvalue()
    ballots: dict[str, int | None] | None = None
    if p.ballots_per_day is not None:
        ballots = {**p.ballots_per_day}
    per_day = Breakdown(proposals={**p.proposals_per_day}, voters=ballots)
    dimensions = [("day", per_day), ("area", p.by_area), ("age_band", p.by_age_band)]
    for dimension, breakdown in [*dimensions, ("channel", p.by_channel), ("kind", p.by_kind)]:
        proposals, voters = breakdown.proposals or {}, breakdown.voters or {}
        for group in sorted(proposals.keys() | voters.keys()):
            hidden = group in voters and voters[group] is None
            counts = [proposals.get(group), voters.get(group), hidden]
            writer.writerow([report.round_id, dimension, group, *map(csv_cell, counts)])
    return out.getvalue()


def csv_cell(value: object) -> object:
    """Empty for unknown, ``true``/``false`` for yes and no: every open-data CSV writes so."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
