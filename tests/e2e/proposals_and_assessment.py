"""The intake and assessment part of the end-to-end round, done over HTTP the way residents,
an official and two assessors would: the round's criteria and categories, a proposal entered
by phone, costing as line items, a rejection with its public reason, a jäv declaration and a
merged duplicate."""

from typing import Any

from services.common.auth import Role
from tests.e2e.driver import RoundDriver, bearer

RESIDENT_SUBJECT = "19790101-0000"
# The resident gives a name but does not let it be shown: it must not be kept anywhere.
RESIDENT_NAME = "Kim Karlsson"
RESIDENT_NUMBER = "19790101-0004"
COMPANY_NUMBER = "556677-0011"
ROUND_RULES: dict[str, Any] = {
    "criteria": [
        {
            "id": "lokalt-naringsliv",
            "text": "Förslaget ska gynna det lokala näringslivet.",
            "local_business": True,
        },
        {"id": "kommunal-mark", "text": "Förslaget genomförs på kommunens mark."},
    ],
    "intake": {
        "categories": [{"id": "handel", "name": "Handel"}, {"id": "fritid", "name": "Fritid"}],
        "areas": [{"id": "centrum", "name": "Centrum"}],
    },
    "owner": "Olof Ägare",
}
# title, category, cost estimate, assessed cost as line items (None = not feasible); the
# assessed costs (100 000, 90 000, 60 000 kr) decide the vote.
PROPOSALS: list[tuple[str, str, int, list[tuple[str, int]] | None]] = [
    ("Julmarknad på torget", "handel", 120_000, [("Stånd", 70_000), ("El och ljus", 30_000)]),
    ("Cykelställ vid stationen", "fritid", 80_000, [("Ställ", 75_000), ("Markarbete", 15_000)]),
    ("Skyltning till lokala butiker", "handel", 50_000, [("Skyltar", 60_000)]),
    ("Konstgräsplan", "fritid", 140_000, None),
]
REJECTION = "Planen ligger på privat mark, inte på kommunens."
MERGE_REASON = "Samma julmarknad som förslaget om julmarknad på torget."


def _proposal(title: str, category: str, estimate: int, **changes: Any) -> dict[str, Any]:
    body = {
        "title": title,
        "description": f"{title}: ett förslag som lockar besökare till centrum.",
        "category": category,
        "area": "centrum",
        "cost_estimate": estimate,
        "local_business_benefit": "Fler besökare till butiker och caféer.",
        "proposer_kind": "resident",
        "identity_number": RESIDENT_NUMBER,
        "proposer_name": RESIDENT_NAME,
        "publish_name": False,
    }
    return body | changes


async def submit_proposals(driver: RoundDriver) -> list[int]:
    """The four proposals in PROPOSALS' order, then a duplicate of the first entered by an
    official for a company that phoned in."""
    resident = bearer(Role.RESIDENT, RESIDENT_SUBJECT, name=RESIDENT_NAME)
    ids = []
    for title, category, estimate, _ in PROPOSALS:
        body = _proposal(title, category, estimate)
        ids.append((await driver.call("POST", "intake", "/proposals", resident, json=body))["id"])
    official = bearer(Role.OFFICIAL, "official-1", name="Anna Berg")
    duplicate = _proposal(
        "Julmarknad i december",
        "handel",
        100_000,
        proposer_kind="company",
        identity_number=COMPANY_NUMBER,
        channel="phone",
    )
    entered = await driver.call("POST", "intake", "/proposals", official, json=duplicate)
    assert entered["channel"] == "phone"
    found = await driver.call("GET", "intake", "/proposals?q=julmarknad", {})
    assert [p["id"] for p in found["items"]] == [ids[0], entered["id"]]
    return [*ids, entered["id"]]


def _verdict(items: list[tuple[str, int]] | None) -> dict[str, Any]:
    if items is None:
        return {
            "feasible": False,
            "criteria": [
                {"criterion_id": "lokalt-naringsliv", "verdict": "met"},
                {"criterion_id": "kommunal-mark", "verdict": "not_met", "comment": REJECTION},
            ],
            "public_reason": REJECTION,
        }
    return {
        "feasible": True,
        "cost": sum(amount for _, amount in items),
        "cost_items": [{"description": text, "amount": amount} for text, amount in items],
        "criteria": [
            {"criterion_id": "lokalt-naringsliv", "verdict": "met"},
            {"criterion_id": "kommunal-mark", "verdict": "met"},
        ],
    }


async def assess_proposals(driver: RoundDriver, ids: list[int]) -> None:
    """Eva declares jäv for the signs and is taken off them; Bo assesses the four; the
    official merges the duplicate into the Christmas market, which completes the round."""
    await driver.wait_until_registered(len(ids))
    official = bearer(Role.OFFICIAL, "official-1", name="Anna Berg")
    bo = bearer(Role.ASSESSOR, "assessor-1", name="Bo Bedömare")
    eva = bearer(Role.ASSESSOR, "assessor-2", name="Eva Ek")
    *proposals, duplicate = ids
    signs = proposals[2]

    async def assign(subject: str, name: str, proposal_ids: list[int]) -> None:
        body = {"assessor_subject": subject, "assessor_name": name, "proposal_ids": proposal_ids}
        await driver.call("POST", "assessment", "/assignments", official, json=body)

    await assign("assessor-2", "Eva Ek", [signs])
    jav = {"reason": "Min sambo driver en av butikerna."}
    path = f"/proposals/{signs}/conflict-of-interest"
    await driver.call("POST", "assessment", path, eva, json=jav)
    await assign("assessor-1", "Bo Bedömare", proposals)
    barred = await driver.http.put(
        driver.url("assessment", f"/assessments/{signs}"),
        headers=eva,
        json=_verdict([("Skyltar", 60_000)]),
    )
    assert barred.status_code == 403, barred.text
    for proposal_id, (_, _, _, items) in zip(proposals, PROPOSALS, strict=True):
        path = f"/assessments/{proposal_id}"
        await driver.call("PUT", "assessment", path, bo, json=_verdict(items))
    merge = {"proposal_id": duplicate, "into": proposals[0], "public_reason": MERGE_REASON}
    await driver.call("POST", "assessment", "/merges", official, json=merge)

    rejected = await driver.call("GET", "assessment", "/assessments?outcome=rejected", {})
    assert [(a["proposal_id"], a["public_reason"]) for a in rejected["items"]] == [
        (proposals[3], REJECTION)
    ]
    notices = await driver.call("GET", "assessment", "/merge-notices?pending=true", official)
    assert [(n["proposal_id"], n["merged_into"]) for n in notices["items"]] == [
        (duplicate, proposals[0])
    ]
    candidates = await driver.call("GET", "assessment", "/ballot-candidates", {})
    costs = [(c["proposal_id"], c["cost"]) for c in candidates["feasible"]]
    assert costs == [(proposals[0], 100_000), (proposals[1], 90_000), (proposals[2], 60_000)]
