"""Asking the voting service which of a reminder's recipients have not voted.

The question carries derived markers (``participation_marker``), never identities, in pages
of ``PAGE``; the voting service answers only with the markers among them that have not voted
and never lists who voted. This is the one place a service asks another: putting the list
through the workflow would write who voted into the round's history (docs/api.md).
"""

import httpx

from services.common.auth import Role, issue_token
from services.common.http_limits import SERVICE_LIMITS
from services.common.pseudonym import participation_marker
from services.notify.settings import NotifySettings

PAGE = 1000


class VotingParticipation:
    def __init__(self, settings: NotifySettings, http: httpx.Client | None = None) -> None:
        self._settings = settings
        self._http = http or httpx.Client(timeout=30.0, limits=SERVICE_LIMITS)

    def __call__(self, round_id: str, keys: list[str]) -> set[str]:
        secret = self._settings.pseudonym_secret
        by_marker = {participation_marker(secret, key, round_id): key for key in keys}
        markers = list(by_marker)
        token = issue_token(self._settings, "notify-service", [Role.SYSTEM])
        url = f"{self._settings.voting_url.rstrip('/')}/rounds/{round_id}/participation/not-voted"
        not_voted: set[str] = set()
        for start in range(0, len(markers), PAGE):
            answer = self._http.post(
                url,
                json={"markers": markers[start : start + PAGE]},
                headers={"Authorization": f"Bearer {token}"},
            )
            answer.raise_for_status()
            not_voted.update(by_marker[m] for m in answer.json()["not_voted"])
        return not_voted
