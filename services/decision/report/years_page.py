"""The kommun's rounds side by side as a page of its own (the report has the same table)."""

from html import escape

from services.decision.report.local_business import LocalBusinessReport
from services.decision.report.local_business_page import STYLE, years_section
from services.decision.report.page import STYLE as REPORT_STYLE


def years_html(lb: LocalBusinessReport) -> str:
    title = f"Medborgarbudget i {lb.kommun}: år för år"
    return (
        "<!doctype html><html lang='sv'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{REPORT_STYLE}{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>{years_section(lb)}</body></html>"
    )
