"""Decision settings: the shared service settings with the decision database as default."""

from pydantic import Field

from services.common.settings import DATABASE_URL, ServiceSettings


class DecisionSettings(ServiceSettings):
    database_url: str = Field(default="sqlite:///.data/decision.db", validation_alias=DATABASE_URL)
    # MB_EVALUATOR_REPORT_MAX_BYTES: an evaluator's report is a document, not a data dump.
    evaluator_report_max_bytes: int = Field(default=20_000_000, gt=0)
    # MB_SUPPLIER_REGISTER_URL: the kommun's supplier register (services/decision/suppliers.py);
    # unset, a supplier's seat is unknown.
    supplier_register_url: str = ""
    supplier_register_timeout: float = Field(default=5.0, gt=0, le=60)
    # MB_SURVEY_MIN_CELL: survey answers in groups smaller than this are not shown.
    survey_min_cell: int = Field(default=5, ge=2, le=100)
