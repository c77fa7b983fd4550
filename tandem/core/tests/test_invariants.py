"""Rules that hold for every app, read from Django's app registry so a new model is checked too.

An owned model is one with a foreign key named `owner` to the user: a row that is someone's own.
- The person's export (`sharing.export.export_for`) carries every owned model.
- Every free-text field of an owned model is encrypted at rest (`core.crypto`): a TextField, a
  JSONField or a CharField without choices is either an Encrypted…Field or in NOT_HEALTH_TEXT with
  its reason. A field with choices holds our own words, never the person's.
"""

from django.apps import apps
from django.conf import settings
from django.db import models

from tandem.core.crypto import EncryptedJSONField, EncryptedTextField
from tandem.sharing.export import export_for

EXPORTED_OUTSIDE_DATA = {
    "sharing.link": "links",  # written out by hand: both sides of a link, without the invite token
    "sharing.accesslogentry": "access_log",  # who saw what, with the viewer's name only
}
"""Owned models that `export_for` writes in a section of their own instead of under "data"."""

NOT_HEALTH_TEXT = {
    # The caseload's kept facts: a digest of the warning-sign thresholds, the same for everyone.
    "recovery.CaseloadFacts.rules": "a digest of the rules' thresholds (caseload.SIGN_RULES)",
    # Reminders: ids and machine names, never the person's words.
    "reminders.Delivery.object_key": "what a reminder is about, as an id (entry:12)",
    "reminders.Delivery.worker": "the host name and process id of the worker that sent it",
    # People's names, copied at the time so a record reads the same after an account is gone.
    "therapy.TreatmentPlan.client_name": "the client's display name",
    "therapy.SessionNote.client_name": "the client's display name",
    "therapy.SessionNote.signed_name": "the signing therapist's display name",
    "therapy.NoteAddendum.signed_name": "the signing therapist's display name",
    "therapy.Homework.assigned_by_name": "the therapist's display name",
    "therapy.Membership.shown_name": "the name a member chose to show in the group",
    "therapy.GroupPost.author_name": "the member's shown name",
    "therapy.GroupReply.author_name": "the member's shown name",
    "fellowship.StepComment.author_name": "the commenting sponsor's display name",
    "sharing.AccessLogEntry.viewer_name": "the viewer's display name",
    "sharing.Link.invite_email": "the address an invitation went to",
    "therapy.Group.name": "a discreet group name members see (its description `about` is encrypted)",
    # Keys into our own catalogues and references to other rows.
    "therapy.PlanGoal.template_key": "a goal template's key",
    "therapy.Homework.source_ref": "a step number or a goal id",
    "therapy.Homework.instrument_key": "a questionnaire's key",
    "recovery.CircleItem.library_key": "a library item's key",
    "fellowship.StepAnswer.prompt": "a worksheet prompt's key",
    "assessments.Response.instrument_key": "a questionnaire's key",
    "assessments.Response.instrument_version": "a questionnaire's version",
    "assessments.Assignment.instrument_key": "a questionnaire's key",
    "couple.ReadinessCheck.items": "keys of the ticked items, our own wording",
    "sharing.AccessLogEntry.link_role": "a link role's key",
    "sharing.AccessLogEntry.scope": "a scope's key",
    "sharing.AccessLogEntry.object_kind": "the kind of object seen",
    # Settings, digests and tokens.
    "recovery.RecoveryProfile.milestones": "milestone lengths such as '30d 1y'",
    "fellowship.ScheduleEntry.private_time_zone": "a time zone name",
    "therapy.SessionNote.signature": "an HMAC of the signed note",
    "therapy.NoteAddendum.signature": "an HMAC of the signed addendum",
    "fellowship.CalendarToken.token_hash": "a hash of the calendar link's token",
    "fellowship.AttendanceRecord.code_hash": "a hash of the record's verification code",
    "fellowship.AttendanceRecord.code_prefix": "the code's first characters, to tell records apart",
    "fellowship.AttendanceRecord.csv_digest": "a SHA-256 of the CSV file as issued",
    "fellowship.AttendanceRecord.pdf_digest": "a SHA-256 of the PDF file as issued",
    "sharing.Link.invite_token_hash": "a hash of the invitation token",
    "api.ApiToken.name": "the label a person gives a token (e.g. 'my phone'), shown in their token list",
    "api.ApiToken.prefix": "the first characters of a token, to tell tokens apart",
    "api.ApiToken.digest": "a hash of the token",
    "api.ApiToken.scopes": "the API scopes a token carries: our own words",
    "push.PushSubscription.endpoint_digest": "a keyed hash of the device's push address (the address is encrypted)",
    "push.PushSubscription.key_fingerprint": "a hash of the server's own public push key",
    "recovery.CaseloadFacts.data": "numbers and dates copied from plain columns (CheckIn.urge_level, local_date)",
}


def owned_models() -> list[type[models.Model]]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("tandem."):
            continue
        owner = next((f for f in model._meta.concrete_fields if f.name == "owner"), None)
        if owner is not None and owner.is_relation and owner.related_model is user_model:
            found.append(model)
    return found


def is_free_text(field) -> bool:
    if isinstance(field, EncryptedTextField | EncryptedJSONField) or field.choices:
        return False
    return isinstance(field, models.TextField | models.JSONField | models.CharField)


def test_the_registry_finds_the_owned_models():
    labels = {model._meta.label for model in owned_models()}
    assert {"journal.JournalEntry", "recovery.CheckIn", "therapy.SessionNote", "sharing.Link"} <= labels


def test_every_owned_model_is_in_the_owners_export(db, django_user_model):
    archive = export_for(django_user_model.objects.create_user(email="export@example.org", password="x" * 20))
    missing = []
    for model in owned_models():
        key = f"{model._meta.app_label}.{model._meta.model_name}"
        if key not in archive["data"] and EXPORTED_OUTSIDE_DATA.get(key) not in archive:
            missing.append(model._meta.label)
    assert not missing, f"owned models missing from the export (register them with sharing.export): {missing}"


def test_every_free_text_field_of_an_owned_model_is_encrypted():
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in owned_models()
        for field in model._meta.concrete_fields
        if is_free_text(field) and f"{model._meta.label}.{field.name}" not in NOT_HEALTH_TEXT
    ]
    assert not plain, f"free text stored in the clear (use EncryptedTextField or say why in NOT_HEALTH_TEXT): {plain}"


def test_every_allowed_plain_field_still_exists_and_holds_text():
    fields = {
        f"{model._meta.label}.{field.name}": field for model in owned_models() for field in model._meta.concrete_fields
    }
    stale = [name for name in NOT_HEALTH_TEXT if name not in fields or not is_free_text(fields[name])]
    assert not stale, f"NOT_HEALTH_TEXT names fields that are gone, encrypted or choices: {stale}"
