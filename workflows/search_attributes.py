"""The custom search attributes that make rounds filterable in the Temporal UI.

A server must know them before a workflow upserts them; otherwise the workflow task fails and
retries forever. ``register`` adds them through the operator API (the time-skipping test server,
a production cluster); the dev server takes ``DEV_SERVER_FLAGS`` at start.
"""

from typing import Any

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.common import SearchAttributeIndexedValueType, SearchAttributeKey
from temporalio.service import RPCError, RPCStatusCode

ROUND_PHASE = SearchAttributeKey.for_keyword("RoundPhase")
KOMMUN = SearchAttributeKey.for_keyword("Kommun")
ROUND_YEAR = SearchAttributeKey.for_int("RoundYear")
PHASE_DEADLINE = SearchAttributeKey.for_datetime("PhaseDeadline")

ALL_KEYS: list[SearchAttributeKey[Any]] = [ROUND_PHASE, KOMMUN, ROUND_YEAR, PHASE_DEADLINE]

_CLI_TYPES = {
    SearchAttributeIndexedValueType.KEYWORD: "Keyword",
    SearchAttributeIndexedValueType.INT: "Int",
    SearchAttributeIndexedValueType.DATETIME: "Datetime",
}

# ``temporal server start-dev`` flags, e.g. ``--search-attribute RoundPhase=Keyword``.
DEV_SERVER_FLAGS = [
    flag
    for key in ALL_KEYS
    for flag in ("--search-attribute", f"{key.name}={_CLI_TYPES[key.indexed_value_type]}")
]


async def register(client: Client) -> None:
    """Add the search attributes to the client's namespace; existing ones are left alone.

    One request per attribute: the server refuses a whole request if any of it exists.
    """
    for key in ALL_KEYS:
        request = AddSearchAttributesRequest(
            namespace=client.namespace,
            search_attributes={key.name: IndexedValueType.ValueType(key.indexed_value_type)},
        )
        try:
            await client.operator_service.add_search_attributes(request)
        except RPCError as err:
            if err.status != RPCStatusCode.ALREADY_EXISTS and "already exists" not in err.message:
                raise
