"""The vote's result for residents: each project's reason in plain words (the counting's
reason code, with the other project's title instead of its number), the rule in one sentence,
and the bar chart's geometry (server-drawn SVG, no script)."""

import re
from dataclasses import dataclass
from typing import Any

from services.web.i18n import N_, gettext

# The chart's units: the SVG is 480 wide and scales to the screen (at most 42rem, CSS).
WIDTH = 480
LABEL_AREA = 190
BAR_AREA = 230  # the rest is for the vote count after the bar
ROW = 26
BUDGET_STRIP = 70
CHART_ROWS = 20

# One plain sentence per counting rule; the page links to /sa-raknas-rosterna for more.
RULES = {
    "greedy": N_(
        "Förslagen med flest röster valdes i tur och ordning, så länge de rymdes i budgeten."
    ),
    "greedy-no-skip": N_(
        "Förslagen med flest röster valdes i tur och ordning tills det första inte rymdes."
    ),
    "greedy-threshold": N_(
        "Förslagen med flest röster valdes i tur och ordning, om de fått tillräckligt många röster."
    ),
    "greedy-exclusive": N_(
        "Förslagen med flest röster valdes i tur och ordning; av förslag som utesluter varandra valdes det med flest röster."  # noqa: E501 - one text for the catalogue
    ),
    "mes": N_(
        "Budgeten delades lika mellan dem som röstade, och ett förslag valdes när de som ville ha det hade råd att dela på kostnaden."  # noqa: E501 - one text for the catalogue
    ),
    "equalshares/add1": N_(
        "Budgeten delades lika mellan dem som röstade, och ett förslag valdes när de som ville ha det hade råd att dela på kostnaden."  # noqa: E501 - one text for the catalogue
    ),
}
REASONS = {
    "selected-mes": N_("De som röstade på förslaget hade tillsammans råd att dela på kostnaden."),
    "selected-completion": N_("Valdes när pengar fanns kvar och budgeten fylldes på efter röster."),
    "does-not-fit": N_("Rymdes inte i budgeten."),
    "stopped": N_("Räkningen stannade vid %(other)s, det första förslaget som inte rymdes."),
    "below-threshold": N_("Fick färre än %(amount)s röster, den lägsta gränsen för att väljas."),
    "excluded": N_("Kan inte genomföras tillsammans med %(other)s, som fick fler röster."),
    "not-affordable": N_(
        "De som röstade på förslaget hade inte längre råd att dela på kostnaden när %(after)s förslag hade valts."  # noqa: E501 - one text for the catalogue
    ),
    "not-affordable-at-start": N_(
        "De som röstade på förslaget hade inte tillsammans råd att dela på kostnaden."
    ),
    "no-votes": N_("Fick inga röster."),
}
_NUMBER_AFTER = {
    "other": re.compile(r"förslag (\d+)"),
    "amount": re.compile(r"färre än (\d+)"),
    "after": re.compile(r"efter att (\d+) förslag"),
}


def rule_sentence(rule: str) -> str:
    return gettext(RULES[rule]) if rule in RULES else ""


def reason(project: dict[str, Any], titles: dict[int, dict[str, Any]]) -> str:
    """Why the project was or was not chosen, where it adds to "Vald"/"Inte vald"."""
    code = project.get("reason_code", "")
    text = str(project.get("reason", ""))
    if code == "selected" or (not code and project.get("selected")):
        return ""
    if code == "not-affordable" and not _NUMBER_AFTER["after"].search(text):
        code = "not-affordable-at-start"
    if code not in REASONS:
        return text
    values: dict[str, str] = {}
    for name, pattern in _NUMBER_AFTER.items():
        found = pattern.search(text)
        if found and name == "other":
            number = int(found.group(1))
            values[name] = titles.get(number, {}).get("title") or gettext(
                "förslag %(id)s", id=number
            )
        elif found:
            values[name] = found.group(1)
    needed = re.findall(r"%\((\w+)\)s", REASONS[code])
    if any(name not in values for name in needed):
        return text  # a reason worded otherwise than expected: the service's own sentence
    return gettext(REASONS[code], **values)


@dataclass(frozen=True)
class Bar:
    title: str
    votes: int
    selected: bool
    y: float
    width: float  # votes, as a share of the chart's bar area


def chart(
    projects: list[dict[str, Any]], titles: dict[int, dict[str, Any]], budget: int
) -> dict[str, Any]:
    """The chosen projects' costs laid end to end against the budget line, and below them the
    votes of the projects with the most (CHART_ROWS at most, so a city's ballot stays short);
    all in the SVG's own units (480 wide), so it scales to any screen."""
    most = max((p["votes"] for p in projects), default=0) or 1
    scale = max(budget, sum(p["cost"] for p in projects if p["selected"])) or 1
    segments, spent = [], 0
    for project in projects:
        if project["selected"]:
            segments.append(
                (round(spent / scale * WIDTH, 1), round(project["cost"] / scale * WIDTH, 1))
            )
            spent += project["cost"]
    ranked = sorted(projects, key=lambda p: -p["votes"])[:CHART_ROWS]
    bars = [
        Bar(
            title=titles.get(p["project_id"], {}).get("title") or str(p["project_id"]),
            votes=p["votes"],
            selected=p["selected"],
            y=BUDGET_STRIP + row * ROW,
            width=round(p["votes"] / most * BAR_AREA, 1),
        )
        for row, p in enumerate(ranked)
    ]
    return {
        "bars": bars,
        "segments": segments,
        "all_shown": len(bars) == len(projects),
        "width": WIDTH,
        "height": BUDGET_STRIP + len(bars) * ROW + 4,
        "budget_x": round(budget / scale * WIDTH, 1),
        "label_width": LABEL_AREA,
    }
