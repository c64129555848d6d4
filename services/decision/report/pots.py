"""The final report's section of a round with pots (``RoundReport.pots``, built in
``data.pot_lines``): each pot's budget, vote, funding, spending and outcome, and the total."""

from html import escape

from services.common.money import format_sek as sek
from services.decision.report.data import PotLine


def pots_html(lines: list[PotLine]) -> str:
    """The report's section per pot: one table row per pot and the total."""
    heads = ["Pott", "Budget", "Röstsedlar", "Valda i omröstningen", "Beviljade", "Beviljat"]
    heads += ["Använt", "Genomförda", "Avbrutna"]
    head = "".join(f"<th>{h}</th>" for h in heads)
    rows = ""
    for line in lines:
        cells = [
            line.name,
            sek(line.budget),
            str(line.ballots),
            str(line.recommended),
            str(line.funded),
            sek(line.approved),
            sek(line.spent),
            str(line.done),
            str(line.cancelled),
        ]
        tag = "th" if not line.pot else "td"
        rows += "<tr>" + "".join(f"<{tag}>{escape(cell)}</{tag}>" for cell in cells) + "</tr>"
    return f"<table><tr>{head}</tr>{rows}</table>"
