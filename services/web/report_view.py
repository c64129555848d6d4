"""The final report as a page of the site: the decision service's figures (``report.json``)
with Swedish labels, area names instead of ids, empty breakdowns left out, and bars that scale."""

from dataclasses import dataclass
from typing import Any

from services.web.formats import local_date
from services.web.i18n import N_, gettext

NOT_APPROVED = N_("Inte beviljat")
GROUP_NAMES = {
    "unknown": N_("Uppgift saknas"),
    "online": N_("Digitalt"),
    "paper": N_("På papper"),
    "web": N_("På webben"),
    "phone": N_("Per telefon"),
    "mail": N_("Per brev"),
    "meeting": N_("På möte"),
}
DIMENSIONS = [
    ("by_area", N_("Förslag per område"), N_("Röstande per område")),
    (
        "by_age_band",
        N_("Förslag per förslagsställarens åldersgrupp"),
        N_("Röstande per åldersgrupp"),
    ),
    ("by_channel", N_("Förslag per sätt att lämna in"), N_("Röstande per sätt att rösta")),
]
CERTIFICATE = {
    "ballots_sha256": N_("Kontrollsumma för röstsedlarna (SHA-256)"),
    "ballot_count": N_("Antal röstsedlar"),
    "rule": N_("Räkneregel"),
    "engine_version": N_("Räknemotorns version"),
    "tie_break_seed": N_("Startvärde för lottning vid lika röster"),
}
OPTIONS = {
    "utilities": N_("Nyttan av ett förslag räknas som"),
    "completion": N_("Pengar som blir över fördelas med"),
    "threshold": N_("Lägsta antal röster"),
    "exclusive": N_("Förslag som utesluter varandra"),
}
OPTION_VALUES = {
    "cost": N_("dess kostnad"),
    "approval": N_("en röst"),
    "add1": N_("höjda andelar"),
    "greedy": N_("flest röster"),
    "add1+greedy": N_("höjda andelar, sedan flest röster"),
    "none": N_("ingenting"),
}


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[tuple[str, int | None]]
    largest: int


def _chart(title: str, counts: dict[str, int | None], names: dict[str, str]) -> Chart | None:
    """A breakdown worth showing: some group has a count (all zero or none says nothing)."""
    if not counts or not any(counts.values()):
        return None
    bars = [
        (names.get(group) or gettext(GROUP_NAMES.get(group, group)), n)
        for group, n in counts.items()
    ]
    return Chart(gettext(title), bars, max((n or 0 for _, n in bars), default=0) or 1)


def participation_charts(
    participation: dict[str, Any] | None, areas: list[dict[str, Any]]
) -> list[Chart]:
    if not participation:
        return []
    names = {str(area["id"]): str(area["name"]) for area in areas}
    per_day = participation.get("proposals_per_day") or {}
    ballots_per_day = participation.get("ballots_per_day") or {}
    days = {day: local_date(day) for day in [*per_day, *ballots_per_day]}
    charts = [
        _chart(N_("Förslag per dag"), dict(sorted(per_day.items())), days),
        _chart(N_("Röstande per dag"), dict(sorted(ballots_per_day.items())), days),
    ]
    for field, proposals_title, voters_title in DIMENSIONS:
        breakdown = participation.get(field) or {}
        if proposals_title:
            charts.append(_chart(proposals_title, breakdown.get("proposals") or {}, names))
        charts.append(_chart(voters_title, breakdown.get("voters") or {}, names))
    return [chart for chart in charts if chart]


def certificate_rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The result's certificate in words: what each value is, options spelled out."""
    certificate = {"ballots_sha256": report.get("ballots_hash"), "rule": report.get("rule")}
    certificate |= {k: v for k, v in (report.get("certificate") or {}).items() if v is not None}
    rows = []
    for key, label in CERTIFICATE.items():
        if certificate.get(key) not in (None, ""):
            rows.append((gettext(label), str(certificate[key])))
    for key, value in (certificate.get("options") or {}).items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        shown = gettext(OPTION_VALUES[shown]) if shown in OPTION_VALUES else shown
        rows.append((gettext(OPTIONS.get(key, key)), shown))
    return rows


def hidden_groups(participation: dict[str, Any] | None) -> dict[str, bool]:
    """Whose groups (``proposals``, ``voters``) have one hidden as too small: the page says
    why, naming proposers or voters."""
    hidden = {"proposals": False, "voters": False}
    for field, _proposals, _voters in DIMENSIONS:
        breakdown = (participation or {}).get(field) or {}
        for who in hidden:
            if any(count is None for count in (breakdown.get(who) or {}).values()):
                hidden[who] = True
    return hidden
