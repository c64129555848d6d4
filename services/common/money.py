"""Money as the services write it for people: whole kronor the Swedish way.

Plain Python with no locale data, so the workflow's checks (``pot_decision``) can use it in
its sandbox; the web front writes amounts by Babel (services/web/formats.py) to the same form.
"""


def format_sek(amount: int) -> str:
    """Whole kronor with non-breaking spaces, so "kr" never starts a line: ``1 250 000 kr``."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"
