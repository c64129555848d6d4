"""Dependencies the notify routes share: who may watch a round's sending, and from when an
unanswered e-mail counts as uncertain."""

from datetime import datetime
from typing import Annotated

from fastapi import Depends

from services.common.auth import Principal, Role
from services.common.deps import SettingsDep
from services.common.kommun_access import require_roles_in_kommun, stored_kommun
from services.notify.models import Announcement
from services.notify.settings import NotifySettings
from services.notify.uncertain import cutoff

ROUND_KOMMUN = stored_kommun(Announcement.kommun, Announcement.round_id)
Watcher = Annotated[
    Principal,
    Depends(
        require_roles_in_kommun(
            ROUND_KOMMUN, Role.SYSTEM, Role.OFFICIAL, Role.OPERATIONS, Role.HOSTING
        )
    ),
]
# Who can read the mail server's log and so settle an uncertain e-mail.
Settler = Annotated[
    Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.OPERATIONS, Role.HOSTING))
]


def uncertain_before(settings: SettingsDep) -> datetime:
    assert isinstance(settings, NotifySettings)
    return cutoff(settings)


UncertainBefore = Annotated[datetime, Depends(uncertain_before)]
