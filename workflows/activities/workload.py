"""The assessment's workload counted from assessment's public list of verdicts and intake's
public list of proposals (their submission times), inside the activity: only the counts go
to the workflow."""

from collections import Counter
from datetime import datetime
from statistics import median
from typing import Any

from workflows.messages.workload import AssessmentWorkload

DAY_SECONDS = 86_400


def assessment_workload(
    assessments: list[dict[str, Any]], proposals: list[dict[str, Any]]
) -> AssessmentWorkload:
    submitted = {int(p["id"]): datetime.fromisoformat(p["created_at"]) for p in proposals}
    outcomes = Counter(str(a["outcome"]) for a in assessments)
    waits = [
        (datetime.fromisoformat(a["assessed_at"]) - submitted[a["proposal_id"]]).total_seconds()
        for a in assessments
        if a["proposal_id"] in submitted
    ]
    days = [max(0.0, seconds) / DAY_SECONDS for seconds in waits]
    return AssessmentWorkload(
        assessments=len(assessments),
        feasible=outcomes["feasible"],
        rejected=outcomes["rejected"],
        merged=outcomes["merged"],
        by_assessor=dict(sorted(Counter(str(a["assessed_by"]) for a in assessments).items())),
        median_days=round(median(days), 1) if days else None,
        max_days=round(max(days), 1) if days else None,
    )
