"""Session notes: drafts, signing (a signed note is locked) and addenda."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.sharing.models import Link, audit

from ..clients import practice_of
from ..models import Locked, NoteAddendum, SessionNote
from ._common import TherapyError


def new_note(therapist, link: Link, *, template: str, session_on, sections: dict) -> SessionNote:
    note = SessionNote(
        owner=therapist,
        client_id=link.owner_id,
        client_name=str(link.owner)[:60],
        practice=link.practice or practice_of(therapist),
        template=template,
        session_on=session_on,
    )
    for name in note.section_names:
        setattr(note, name, (sections.get(name) or "").strip())
    note.save()
    return note


def update_draft(note: SessionNote, *, session_on, sections: dict) -> SessionNote:
    if note.is_signed:
        raise TherapyError(_("This note is signed, so it can't be changed. Add an addendum instead."))
    note.session_on = session_on
    for name in note.section_names:
        setattr(note, name, (sections.get(name) or "").strip())
    try:
        note.save()
    except Locked:
        raise TherapyError(_("This note is signed, so it can't be changed. Add an addendum instead.")) from None
    return note


def sign_note(note: SessionNote, by) -> SessionNote:
    if note.owner_id != by.pk:
        raise TherapyError(_("Only the note's author can sign it."))
    if note.is_signed:
        raise TherapyError(_("This note is already signed."))
    if not any((getattr(note, name) or "").strip() for name in note.section_names):
        raise TherapyError(_("An empty note can't be signed. Write something first."))
    with transaction.atomic():
        locked = SessionNote.objects.select_for_update().get(pk=note.pk)
        if locked.is_signed:
            raise TherapyError(_("This note is already signed."))
        locked.signed_at = timezone.now()
        locked.signed_name = str(by)[:60]
        locked.save()
        audit("therapy.note_signed", actor=by, note=locked.pk)
    return locked


def add_addendum(note: SessionNote, by, text: str) -> NoteAddendum:
    if note.owner_id != by.pk:
        raise TherapyError(_("Only the note's author can add to it."))
    if not note.is_signed:
        raise TherapyError(_("This note is still a draft: change it directly, or sign it first."))
    text = (text or "").strip()
    if not text:
        raise TherapyError(_("Please write the addendum first."))
    addendum = NoteAddendum.objects.create(owner=by, note=note, text=text, signed_name=str(by)[:60])
    audit("therapy.note_addendum", actor=by, note=note.pk)
    return addendum
