"""The round template operations staff paste into the Temporal UI's Start Workflow form is a
valid round config: a template that drifted from the code would fail at the first round."""

import json
import re
from pathlib import Path

from workflows.config import RoundConfig

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "operations.md"


def test_the_start_workflow_template_is_a_valid_round_config() -> None:
    section = GUIDE.read_text(encoding="utf-8").split("## Starting a round", 1)[1]
    template = re.search(r"```json\n(.*?)```", section, flags=re.DOTALL)
    assert template is not None, "no JSON template under 'Starting a round'"
    config = RoundConfig.model_validate(json.loads(template.group(1)))
    assert (config.id, config.kommun, config.budget) == ("are-2027", "Åre", 500_000)
