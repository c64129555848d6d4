"""The result's explanations and chart: reasons only where they add to "Vald", with titles
instead of project numbers, and a chart whose budget line sits where the budget ends."""

from services.web import results_view
from services.web.i18n import use_language

TITLES = {1: {"title": "Ny lekplats"}, 2: {"title": "Skidspår"}}


def test_a_chosen_project_needs_no_explanation_beyond_its_badge() -> None:
    use_language("sv")
    assert results_view.reason({"reason_code": "selected", "reason": "vald"}, TITLES) == ""


def test_the_other_project_is_named_by_its_title() -> None:
    use_language("sv")
    project = {
        "reason_code": "stopped",
        "reason": "räkningen stannade vid förslag 2, det första som inte rymdes i budgeten",
    }
    assert results_view.reason(project, TITLES) == (
        "Räkningen stannade vid Skidspår, det första förslaget som inte rymdes."
    )
    use_language("en")
    assert "Skidspår" in results_view.reason(project, TITLES)
    use_language("sv")


def test_every_rule_has_a_plain_sentence() -> None:
    from counting.rules import RULES

    assert all(results_view.rule_sentence(rule) for rule in RULES)


def test_the_budget_line_sits_where_the_budget_ends() -> None:
    projects = [
        {"project_id": 1, "votes": 10, "cost": 60, "selected": True},
        {"project_id": 2, "votes": 5, "cost": 50, "selected": False},
    ]
    chart = results_view.chart(projects, TITLES, budget=100)
    assert chart["budget_x"] == results_view.WIDTH
    assert chart["segments"] == [(0, results_view.WIDTH * 0.6)]  # only the chosen one costs
    first, second = chart["bars"]
    assert (first.width, second.width) == (results_view.BAR_AREA, results_view.BAR_AREA / 2)


def test_a_long_ballot_charts_the_projects_with_the_most_votes() -> None:
    projects = [
        {"project_id": n, "votes": n, "cost": 10, "selected": n > 90} for n in range(1, 101)
    ]
    chart = results_view.chart(projects, {}, budget=1000)
    assert len(chart["bars"]) == results_view.CHART_ROWS and not chart["all_shown"]
    assert [bar.votes for bar in chart["bars"][:2]] == [100, 99]
    assert len(chart["segments"]) == 10
