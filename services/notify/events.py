"""What the service tells people about, and who hears of each event."""

from enum import StrEnum


class Event(StrEnum):
    PROPOSAL_RECEIVED = "proposal_received"
    PROPOSAL_MERGED = "proposal_merged"
    ASSESSMENT_OUTCOME = "assessment_outcome"
    VOTING_OPENED = "voting_opened"
    VOTING_REMINDER = "voting_reminder"
    RESULTS_PUBLISHED = "results_published"
    COUNCIL_DECIDED = "council_decided"
    PROJECT_DONE = "project_done"
    OFFICIAL_NOTICE = "official_notice"
    # A new question on the proposal (intake's outbox): to its proposer only.
    QUESTION_ASKED = "question_asked"


class Audience(StrEnum):
    # Those who follow the proposal the event is about (its ``ref``).
    FOLLOWERS = "followers"
    # Everyone who asked for the kommun's rounds.
    RESIDENTS = "residents"
    # The kommun's officials who asked for reminders and escalations.
    OFFICIALS = "officials"
    # The proposer among a proposal's followers (whose follow carries intake's key).
    PROPOSER = "proposer"


AUDIENCE = {
    Event.PROPOSAL_RECEIVED: Audience.FOLLOWERS,
    Event.PROPOSAL_MERGED: Audience.FOLLOWERS,
    Event.ASSESSMENT_OUTCOME: Audience.FOLLOWERS,
    Event.VOTING_OPENED: Audience.RESIDENTS,
    Event.VOTING_REMINDER: Audience.RESIDENTS,
    Event.RESULTS_PUBLISHED: Audience.RESIDENTS,
    Event.COUNCIL_DECIDED: Audience.RESIDENTS,
    Event.PROJECT_DONE: Audience.RESIDENTS,
    Event.OFFICIAL_NOTICE: Audience.OFFICIALS,
    Event.QUESTION_ASKED: Audience.PROPOSER,
}

# The consent a person gives, word for word; a new wording gets a new version.
CONSENT_VERSION = "2026-12"
CONSENT_TEXT = {
    "sv": (
        "Jag vill få e-post (eller brev i min digitala brevlåda) från kommunen om "
        "medborgarbudgeten: när jag lämnat ett förslag, vad som händer med det; om jag valt det, "
        "när röstningen öppnar, en påminnelse innan den stänger om jag inte har röstat, "
        "resultatet, fullmäktiges beslut och när ett projekt är klart. Kommunen sparar min "
        "e-postadress, mitt namn och mitt språkval bara för detta, tills jag återkallar "
        "samtycket. Jag kan när som helst återkalla samtycket och radera uppgifterna med en "
        "knapp på sidan Mina notiser, eller avregistrera mig med länken i varje brev."
    ),
    "en": (
        "I want e-mail (or letters in my digital mailbox) from the kommun about the "
        "participatory budget: when I have made a proposal, what becomes of it; if I chose it, "
        "when voting opens, a reminder before it closes if I have not voted, the result, the "
        "council's decision and when a project is done. The kommun keeps my e-mail address, my "
        "name and my language only for this, until I withdraw my consent. I can withdraw it "
        "and erase the data at any time with one button on the page My notifications, or "
        "unsubscribe with the link in every message."
    ),
}
