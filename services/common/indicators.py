"""A local-business indicator as a round's config names it: the round sets the list, the
workflow passes it to the decision service, where staff give each funded project a baseline."""

from pydantic import BaseModel, Field

from services.common.types import CODE_PATTERN

MAX_INDICATORS = 30


class IndicatorDefinition(BaseModel):
    """What is measured and in which unit, e.g. ``lokala-foretag``: "Lokala företag som
    deltar", "st"."""

    key: str = Field(pattern=CODE_PATTERN, description="Id, t.ex. lokala-foretag")
    name: str = Field(min_length=3, max_length=200, description="Vad som mäts")
    unit: str = Field(min_length=1, max_length=30, description="Enhet, t.ex. st, kr, besökare")


# What a round measures when its config names nothing: the local-business questions the
# method asks (companies engaged, jobs, visitors, turnover where the kommun has it).
DEFAULT_INDICATORS = (
    IndicatorDefinition(key="lokala-foretag", name="Lokala företag som deltar", unit="st"),
    IndicatorDefinition(key="jobb", name="Nya jobb (årsarbeten)", unit="st"),
    IndicatorDefinition(key="besokare", name="Besökare", unit="st"),
    IndicatorDefinition(key="omsattning", name="Omsättning i området", unit="kr"),
)
