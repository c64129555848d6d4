"""Who may call what: every route of every service against every kind of caller, in one table.

The routes enforce their part with :func:`services.common.auth.require_roles`; this table is
the declared policy the trust suite (``tests/trust/test_access_matrix.py``) holds them to: for
every route and every caller the request must be refused (401/403) exactly when the table says
so, and a route missing from the table fails the suite, so no endpoint ships without a
decision about who may call it.

Callers: ``anonymous`` (no token), and one token per :class:`Role`: ``resident``, ``company``,
``official`` (tjänsteperson), ``assessor`` (bedömare), ``council_secretary`` (fullmäktiges
sekreterare), ``politician`` (förtroendevald), ``operations`` (drift), ``evaluator``
(oberoende utvärderare) and ``system`` (the workflow's service identity, the worker's
activities).
"""

from typing import Final

from services.common.auth import Role
from services.common.principal import DISCUSSANTS, PERSON_ROLES

ANONYMOUS: Final = "anonymous"
CALLERS: Final[tuple[str, ...]] = (ANONYMOUS, *(role.value for role in Role))

# Public: also without a token (published data, health, metrics).
PUBLIC: Final[frozenset[str]] = frozenset(CALLERS)


def only(*roles: Role) -> frozenset[str]:
    """Callers holding one of ``roles``; a token is required."""
    return frozenset(role.value for role in roles)


SYSTEM = only(Role.SYSTEM)
OFFICIAL = only(Role.OFFICIAL)
ASSESSOR = only(Role.ASSESSOR)
PROPOSER = only(Role.RESIDENT, Role.COMPANY, Role.OFFICIAL)
# Every person who signs in (not the workflow, not the hosting organisation's staff).
PEOPLE = only(*PERSON_ROLES)
# Who writes in a proposal's thread and reports abuse there.
DISCUSSANT = only(*DISCUSSANTS)
# The kommun's own operations staff, or the hosting organisation's across kommuner.
OPERATIONS = only(Role.OPERATIONS, Role.HOSTING)

Route = tuple[str, str, str]  # (service, HTTP method, path template)
R = "/rounds/{round_id}"

ACCESS: Final[dict[Route, frozenset[str]]] = {
    # intake: residents and companies propose; officials enter proposals from phone, mail
    # and meetings, and moderate; the workflow opens and closes intake.
    ("intake", "GET", "/health"): PUBLIC,
    ("intake", "GET", "/metrics"): PUBLIC,
    ("intake", "GET", "/rounds"): PUBLIC,
    ("intake", "PUT", R): SYSTEM,
    ("intake", "GET", R): PUBLIC,
    ("intake", "POST", f"{R}/close"): SYSTEM,
    ("intake", "POST", f"{R}/proposals"): PROPOSER,
    ("intake", "GET", f"{R}/proposals"): PUBLIC,
    ("intake", "GET", f"{R}/proposals/{{proposal_id}}"): PUBLIC,
    ("intake", "PUT", f"{R}/proposals/{{proposal_id}}"): PROPOSER,
    ("intake", "GET", f"{R}/proposals/{{proposal_id}}/may-change"): PROPOSER,
    # Who proposed, per area and age band, small groups hidden (the evaluation reads it).
    ("intake", "GET", f"{R}/proposer-statistics"): PUBLIC,
    ("intake", "POST", f"{R}/proposals/{{proposal_id}}/withdrawal"): PROPOSER,
    ("intake", "PUT", f"{R}/proposals/{{proposal_id}}/hiding"): OFFICIAL,
    ("intake", "DELETE", f"{R}/proposals/{{proposal_id}}/hiding"): OFFICIAL,
    ("intake", "GET", f"{R}/hidden-proposals"): OFFICIAL,
    # Questions and answers on proposals: public threads, moderated by officials; the
    # workflow closes them when voting closes; notices of new questions go to the proposers.
    ("intake", "POST", f"{R}/proposals/{{proposal_id}}/comments"): DISCUSSANT,
    ("intake", "GET", f"{R}/proposals/{{proposal_id}}/comments"): PUBLIC,
    ("intake", "GET", f"{R}/proposals/{{proposal_id}}/may-answer"): DISCUSSANT,
    ("intake", "POST", f"{R}/comments/{{comment_id}}/reports"): DISCUSSANT,
    ("intake", "PUT", f"{R}/comments/{{comment_id}}/hiding"): OFFICIAL,
    ("intake", "DELETE", f"{R}/comments/{{comment_id}}/hiding"): OFFICIAL,
    ("intake", "GET", f"{R}/reported-comments"): OFFICIAL,
    ("intake", "GET", f"{R}/open-questions"): only(Role.OFFICIAL, Role.POLITICIAN),
    ("intake", "POST", f"{R}/discussion/close"): SYSTEM,
    # Dialogue meetings: officials register them, anyone reads them.
    ("intake", "POST", f"{R}/meetings"): OFFICIAL,
    ("intake", "GET", f"{R}/meetings"): PUBLIC,
    ("intake", "GET", f"{R}/meetings/{{meeting_id}}"): PUBLIC,
    ("intake", "GET", f"{R}/comment-notices"): SYSTEM,
    ("intake", "POST", f"{R}/comment-notices/{{notice_id}}/delivery"): SYSTEM,
    ("intake", "DELETE", f"{R}/personal-data"): OPERATIONS,
    ("intake", "POST", f"{R}/archive"): SYSTEM,  # cancel_round archives the round
    ("intake", "GET", f"{R}/archive"): PUBLIC,
    # assessment: officials assign and merge, assessors assess and declare jäv; verdicts and
    # progress are public; the workflow registers proposals and closes assessment.
    ("assessment", "GET", "/health"): PUBLIC,
    ("assessment", "GET", "/metrics"): PUBLIC,
    ("assessment", "PUT", R): SYSTEM,
    ("assessment", "GET", f"{R}/progress"): PUBLIC,
    ("assessment", "GET", f"{R}/ballot-candidates"): PUBLIC,
    ("assessment", "POST", f"{R}/close"): SYSTEM,
    ("assessment", "PUT", f"{R}/assessments/{{proposal_id}}"): ASSESSOR,
    ("assessment", "GET", f"{R}/assessments/{{proposal_id}}"): PUBLIC,
    ("assessment", "GET", f"{R}/assessments"): PUBLIC,
    ("assessment", "POST", f"{R}/assignments"): OFFICIAL,
    ("assessment", "GET", f"{R}/assignments"): only(Role.OFFICIAL, Role.ASSESSOR),
    ("assessment", "POST", f"{R}/assignments/removal"): OFFICIAL,
    ("assessment", "POST", f"{R}/proposals/{{proposal_id}}/conflict-of-interest"): ASSESSOR,
    ("assessment", "GET", f"{R}/conflicts-of-interest"): OFFICIAL,
    ("assessment", "POST", f"{R}/merges"): OFFICIAL,
    ("assessment", "GET", f"{R}/merge-notices"): only(Role.SYSTEM, Role.OFFICIAL),
    ("assessment", "POST", f"{R}/merge-notices/{{notice_id}}/delivery"): SYSTEM,
    ("assessment", "DELETE", f"{R}/personal-data"): OPERATIONS,
    ("assessment", "POST", f"{R}/archive"): SYSTEM,  # cancel_round archives the round
    ("assessment", "GET", f"{R}/archive"): PUBLIC,
    # voting: residents and companies vote, officials enter paper ballots; the ballot, receipt
    # checks and (once counted) results are public; the workflow runs the ballot's life.
    ("voting", "GET", "/health"): PUBLIC,
    ("voting", "GET", "/metrics"): PUBLIC,
    ("voting", "PUT", f"{R}/ballot"): SYSTEM,
    ("voting", "PUT", f"{R}/ballot/closing"): SYSTEM,
    ("voting", "GET", f"{R}/ballot"): PUBLIC,
    ("voting", "POST", f"{R}/open"): SYSTEM,
    ("voting", "POST", f"{R}/close"): SYSTEM,
    ("voting", "POST", f"{R}/ballots"): only(Role.RESIDENT, Role.COMPANY),
    ("voting", "GET", f"{R}/ballots/mine"): only(Role.RESIDENT, Role.COMPANY),
    ("voting", "POST", f"{R}/paper-ballots"): OFFICIAL,
    ("voting", "GET", f"{R}/receipts/{{receipt}}"): PUBLIC,
    ("voting", "POST", f"{R}/tally"): SYSTEM,
    ("voting", "GET", f"{R}/results"): PUBLIC,
    ("voting", "GET", f"{R}/export.pb"): PUBLIC,
    ("voting", "GET", f"{R}/statistics"): PUBLIC,
    # A round with pots: the same policy per pot as for the round's one ballot.
    ("voting", "PUT", f"{R}/pots"): SYSTEM,
    ("voting", "GET", f"{R}/pots"): PUBLIC,
    ("voting", "GET", f"{R}/pots/mine"): only(Role.RESIDENT, Role.COMPANY),
    ("voting", "GET", f"{R}/pots/{{pot}}/ballot"): PUBLIC,
    ("voting", "POST", f"{R}/pots/{{pot}}/ballots"): only(Role.RESIDENT, Role.COMPANY),
    ("voting", "GET", f"{R}/pots/{{pot}}/ballots/mine"): only(Role.RESIDENT, Role.COMPANY),
    ("voting", "POST", f"{R}/pots/{{pot}}/paper-ballots"): OFFICIAL,
    ("voting", "GET", f"{R}/pots/{{pot}}/results"): PUBLIC,
    ("voting", "GET", f"{R}/pots/{{pot}}/results.csv"): PUBLIC,
    ("voting", "GET", f"{R}/pots/{{pot}}/export.pb"): PUBLIC,
    # The notify service asks which of a reminder's recipients have not voted (docs/api.md).
    ("voting", "POST", f"{R}/participation/not-voted"): SYSTEM,
    ("voting", "DELETE", f"{R}/personal-data"): OPERATIONS,
    ("voting", "POST", f"{R}/archive"): SYSTEM,  # cancel_round archives the round
    ("voting", "GET", f"{R}/archive"): PUBLIC,
    # decision: officials approve the ballot and follow the projects, the council secretary
    # enters the council's decision; the workflow records what the approvals decided.
    ("decision", "GET", "/health"): PUBLIC,
    ("decision", "GET", "/metrics"): PUBLIC,
    ("decision", "PUT", R): SYSTEM,
    ("decision", "GET", R): PUBLIC,
    ("decision", "POST", f"{R}/ballot-approval"): OFFICIAL,
    ("decision", "PUT", f"{R}/ballot-approval"): SYSTEM,
    # The mandate (the decision that set the round up), as the workflow accepted it.
    ("decision", "PUT", f"{R}/mandate"): SYSTEM,
    ("decision", "POST", f"{R}/mandate"): only(Role.COUNCIL_SECRETARY),
    # The workflow has the token of an approval signalled through Temporal verified here.
    ("decision", "POST", f"{R}/official-tokens/verify"): SYSTEM,
    ("decision", "PUT", f"{R}/recommendation"): SYSTEM,
    ("decision", "GET", f"{R}/recommendation"): PUBLIC,
    ("decision", "POST", f"{R}/council-decision"): only(Role.COUNCIL_SECRETARY),
    ("decision", "PUT", f"{R}/council-decision"): SYSTEM,
    ("decision", "PUT", f"{R}/council-decision/case"): SYSTEM,
    ("decision", "GET", f"{R}/projects"): PUBLIC,
    ("decision", "GET", f"{R}/projects/{{project_id}}"): PUBLIC,
    ("decision", "PUT", f"{R}/projects/{{project_id}}"): SYSTEM,
    ("decision", "PUT", f"{R}/projects/{{project_id}}/indicators"): OFFICIAL,
    ("decision", "POST", f"{R}/projects/{{project_id}}/milestones"): OFFICIAL,
    ("decision", "POST", f"{R}/projects/{{project_id}}/progress"): OFFICIAL,
    ("decision", "POST", f"{R}/projects/{{project_id}}/completion"): OFFICIAL,
    ("decision", "POST", f"{R}/projects/{{project_id}}/cancellation"): OFFICIAL,
    # Local-business follow-up: officials enter baselines and payments; the figures are open.
    ("decision", "GET", f"{R}/indicators"): PUBLIC,
    ("decision", "GET", f"{R}/projects/{{project_id}}/local-indicators"): PUBLIC,
    ("decision", "PUT", f"{R}/projects/{{project_id}}/local-indicators/{{key}}"): OFFICIAL,
    ("decision", "GET", f"{R}/projects/{{project_id}}/spend"): PUBLIC,
    ("decision", "POST", f"{R}/projects/{{project_id}}/spend"): OFFICIAL,
    ("decision", "GET", f"{R}/spend"): PUBLIC,
    # The follow-up measurement: planned by the workflow, measured or closed by officials.
    ("decision", "PUT", f"{R}/follow-ups"): SYSTEM,
    ("decision", "GET", f"{R}/follow-ups"): PUBLIC,
    ("decision", "PUT", f"{R}/follow-ups/opening"): SYSTEM,
    ("decision", "POST", f"{R}/projects/{{project_id}}/follow-up"): OFFICIAL,
    ("decision", "POST", f"{R}/projects/{{project_id}}/follow-up/closing"): OFFICIAL,
    # The survey: the kommun sets the questions, residents and companies answer once each.
    ("decision", "GET", f"{R}/surveys/{{stage}}"): PUBLIC,
    ("decision", "PUT", f"{R}/surveys/{{stage}}"): OFFICIAL,
    ("decision", "POST", f"{R}/surveys/{{stage}}/answers"): only(Role.RESIDENT, Role.COMPANY),
    ("decision", "GET", f"{R}/surveys/{{stage}}/results"): PUBLIC,
    ("decision", "PUT", f"{R}/evaluation"): SYSTEM,
    ("decision", "POST", f"{R}/evaluation"): OFFICIAL,
    ("decision", "PUT", f"{R}/evaluation/evaluator-report"): only(Role.OFFICIAL, Role.EVALUATOR),
    # The independent evaluator reads the anonymised data, every access logged.
    ("decision", "GET", f"{R}/evaluator/data"): only(Role.OFFICIAL, Role.EVALUATOR),
    ("decision", "GET", f"{R}/evaluator/access-log"): only(Role.OFFICIAL, Role.EVALUATOR),
    ("decision", "GET", f"{R}/evaluation/evaluator-report"): PUBLIC,
    ("decision", "GET", f"{R}/report.json"): PUBLIC,
    ("decision", "GET", f"{R}/report.csv"): PUBLIC,
    ("decision", "GET", f"{R}/report.html"): PUBLIC,
    ("decision", "GET", f"{R}/open-data/local-business.json"): PUBLIC,
    ("decision", "GET", f"{R}/open-data/{{table}}.csv"): PUBLIC,
    ("decision", "GET", f"{R}/year-on-year.html"): PUBLIC,
    ("decision", "GET", f"{R}/running-cost"): PUBLIC,
    ("decision", "PUT", f"{R}/running-cost"): OFFICIAL,
    ("decision", "DELETE", f"{R}/personal-data"): OPERATIONS,
    ("decision", "POST", f"{R}/archive"): SYSTEM,  # cancel_round archives the round
    ("decision", "GET", f"{R}/archive"): PUBLIC,
    # notify: every signed-in person gives, reads and erases their own contact data; an
    # unsubscribe link works without a token (its signature is the proof); the workflow
    # announces, officials and operations follow the sending.
    ("notify", "GET", "/health"): PUBLIC,
    ("notify", "GET", "/metrics"): PUBLIC,
    ("notify", "GET", "/consent-text"): PUBLIC,
    ("notify", "GET", "/contacts/me"): PEOPLE,
    ("notify", "PUT", "/contacts/me"): PEOPLE,
    ("notify", "DELETE", "/contacts/me"): PEOPLE,
    ("notify", "POST", "/contacts/me/follows"): PEOPLE,
    ("notify", "POST", "/unsubscribe"): PUBLIC,
    ("notify", "POST", f"{R}/announcements"): SYSTEM,
    ("notify", "POST", f"{R}/announcement-batches"): SYSTEM,
    ("notify", "GET", f"{R}/announcements"): only(
        Role.SYSTEM, Role.OFFICIAL, Role.OPERATIONS, Role.HOSTING
    ),
    # An uncertain e-mail is listed to those who follow the sending and settled by operations,
    # who can read the mail server's log.
    ("notify", "GET", f"{R}/uncertain-deliveries"): only(
        Role.SYSTEM, Role.OFFICIAL, Role.OPERATIONS, Role.HOSTING
    ),
    ("notify", "POST", f"{R}/uncertain-deliveries/{{delivery_id}}"): OPERATIONS,
    ("notify", "DELETE", f"{R}/personal-data"): OPERATIONS,
    ("notify", "POST", f"{R}/archive"): SYSTEM,
    ("notify", "GET", f"{R}/archive"): PUBLIC,
}


def allowed(service: str, method: str, path: str) -> frozenset[str]:
    """The callers ``service`` lets through on ``method path``; unknown routes: nobody."""
    return ACCESS.get((service, method.upper(), path), frozenset())
