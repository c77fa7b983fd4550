"""What the fellowship app tells other apps when a person's own records change.

`records_changed` (sender: the model; `owner_id`) is sent on every save and delete of a row of
a person's meeting schedule, attendance or outreach, so what another app derived from them (the
recovery dashboard's meetings and isolation sign) can be renewed. Not sent while the person is
being erased (there is nothing left to renew), nor for bulk writes, which send no model signals.
Other apps reach it as `tandem.fellowship.api.records_changed`.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from .models import Attendance, Outreach, ScheduleEntry

records_changed = Signal()

WATCHED = (ScheduleEntry, Attendance, Outreach)


def _announce(sender, instance, origin=None, **kwargs):
    if isinstance(origin, get_user_model()):
        return
    records_changed.send(sender=sender, owner_id=instance.owner_id)


def connect() -> None:
    for model in WATCHED:
        uid = f"fellowship-records-changed-{model._meta.label}"
        post_save.connect(_announce, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_announce, sender=model, dispatch_uid=uid + "-delete")
