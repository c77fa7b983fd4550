"""Session notes: the author's only; signed, then locked; later changes are addenda."""

import json

import pytest

from tandem.sharing.export import export_for
from tandem.therapy.models import Locked, NoteAddendum, SessionNote

from .helpers import text


def write(world, **sections):
    data = {"template": "dap", "session_on": world.therapist.local_today().isoformat()}
    data.update(sections or {"data": "Talked about the weekend", "assessment": "Engaged", "plan": "Weekly"})
    response = world.client_for("therapist").post(f"/caseload/clients/{world.owner.pk}/notes/new/", data)
    assert response.status_code == 302
    return SessionNote.objects.get(owner=world.therapist)


def test_write_edit_sign_then_locked(world):
    therapist = world.client_for("therapist")
    note = write(world)
    assert not note.is_signed
    edited = therapist.post(
        f"/caseload/notes/{note.pk}/",
        {"session_on": note.session_on.isoformat(), "data": "Talked about work", "assessment": "Engaged", "plan": "x"},
    )
    assert edited.status_code == 302
    note.refresh_from_db()
    assert note.data == "Talked about work"
    assert therapist.post(f"/caseload/notes/{note.pk}/sign/").status_code == 302
    note.refresh_from_db()
    assert note.is_signed
    assert note.signed_name == "Dr Lee"
    assert note.signature_valid
    refused = therapist.post(
        f"/caseload/notes/{note.pk}/",
        {"session_on": note.session_on.isoformat(), "data": "Rewritten history", "assessment": "", "plan": ""},
    )
    assert refused.status_code == 400
    assert "signed, so it can't be changed" in text(refused)
    note.refresh_from_db()
    assert note.data == "Talked about work"
    assert "Sign and lock" not in text(therapist.get(f"/caseload/notes/{note.pk}/"))


def test_a_signed_note_refuses_change_at_the_model_too(world):
    note = write(world)
    note.signed_at = note.created_at
    note.signed_name = "Dr Lee"
    note.save()
    note.data = "changed"
    with pytest.raises(Locked):
        note.save()
    with pytest.raises(Locked):
        note.delete()
    SessionNote.objects.filter(pk=note.pk).update(plan="tampered")  # bypassing the model
    assert not SessionNote.objects.get(pk=note.pk).signature_valid


def test_addenda_have_their_own_time_and_signature(world):
    therapist = world.client_for("therapist")
    note = write(world)
    early = therapist.post(f"/caseload/notes/{note.pk}/addenda/", {"text": "too soon"})
    assert early.status_code == 302
    assert not NoteAddendum.objects.exists()
    therapist.post(f"/caseload/notes/{note.pk}/sign/")
    empty = therapist.post(f"/caseload/notes/{note.pk}/addenda/", {"text": "  "})
    assert empty.status_code == 200
    assert not NoteAddendum.objects.exists()
    assert therapist.post(f"/caseload/notes/{note.pk}/addenda/", {"text": "Phoned on Friday"}).status_code == 302
    addendum = NoteAddendum.objects.get()
    note.refresh_from_db()
    assert addendum.signed_at > note.signed_at
    assert addendum.signature_valid
    assert addendum.signed_name == "Dr Lee"
    with pytest.raises(Locked):
        addendum.save()
    page = text(therapist.get(f"/caseload/notes/{note.pk}/"))
    assert "Phoned on Friday" in page
    assert "Talked about the weekend" in page


def test_an_empty_note_cannot_be_signed(world):
    note = write(world, data="", assessment="", plan="")
    world.client_for("therapist").post(f"/caseload/notes/{note.pk}/sign/")
    note.refresh_from_db()
    assert not note.is_signed


def test_nobody_else_reaches_a_note(world):
    note = write(world)
    for persona in ("owner", "partner", "sponsor", "other_client", "practice_admin"):
        assert world.client_for(persona).get(f"/caseload/notes/{note.pk}/").status_code == 403
    assert world.client_for("other_therapist").get(f"/caseload/notes/{note.pk}/").status_code == 404
    assert world.client_for("other_therapist").post(f"/caseload/notes/{note.pk}/sign/").status_code == 404
    note.refresh_from_db()
    assert not note.is_signed


def test_notes_are_in_the_therapists_export_and_never_in_the_clients(world):
    note = write(world, data="MARKNOTE data", assessment="MARKNOTE assessment", plan="")
    world.client_for("therapist").post(f"/caseload/notes/{note.pk}/sign/")
    world.client_for("therapist").post(f"/caseload/notes/{note.pk}/addenda/", {"text": "MARKNOTE later"})
    mine = json.dumps(export_for(world.therapist))
    assert mine.count("MARKNOTE") == 3
    for person in (world.owner, world.partner, world.sponsor):
        assert "MARKNOTE" not in json.dumps(export_for(person))


def test_the_client_page_lists_only_my_notes(world):
    write(world)
    page = text(world.client_for("therapist").get(f"/caseload/clients/{world.owner.pk}/"))
    assert "draft" in page
    notes = world.client_for("therapist").get(f"/caseload/clients/{world.owner.pk}/notes/")
    assert notes.status_code == 200
    assert "DAP" in text(notes)
