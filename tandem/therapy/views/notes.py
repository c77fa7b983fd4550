"""Session notes: the author's only. Drafts change; signed notes are locked; addenda come after."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..clients import active_links, link_or_404
from ..forms import AddendumForm, NoteForm, NoteTemplateForm
from ..models import NoteTemplate, SessionNote
from ..services import TherapyError
from ..services.notes import add_addendum, new_note, sign_note, update_draft
from ._common import posted, therapist_page

SIGNED_MESSAGE = gettext_lazy("This note is signed, so it can't be changed. Add an addendum below instead.")


def _note(request, pk) -> SessionNote:
    return get_object_or_404(SessionNote.objects.prefetch_related("addenda"), pk=pk, owner=request.user)


@therapist_page
def notes(request, owner_id):
    try:
        owner_id = int(owner_id)
    except (TypeError, ValueError):
        raise Http404 from None
    link = active_links(request.user).filter(owner_id=owner_id).select_related("owner").first()
    found = list(SessionNote.objects.filter(owner=request.user, client_id=owner_id))
    if link is None and not found:
        raise Http404
    name = str(link.owner) if link else found[0].client_name
    return render(
        request,
        "therapy/notes.html",
        {"link": link, "owner_id": owner_id, "name": name, "notes": found, "note_form": NoteTemplateForm()},
    )


@therapist_page
def note_new(request, owner_id):
    link = link_or_404(request.user, owner_id)
    template = request.POST.get("template") or request.GET.get("template") or NoteTemplate.DAP
    if template not in NoteTemplate.values:
        template = NoteTemplate.DAP
    form = NoteForm(posted(request), template=template, initial={"session_on": request.user.local_today()})
    if request.method == "POST" and form.is_valid():
        note = new_note(
            request.user, link, template=template, session_on=form.cleaned_data["session_on"], sections=form.sections()
        )
        messages.success(request, _("Draft saved. Sign it when it's complete; after that it can't be changed."))
        return redirect("therapy_note", pk=note.pk)
    return render(
        request,
        "therapy/note_form.html",
        {"owner": link.owner, "form": form, "template": template, "template_label": NoteTemplate(template).label},
    )


@therapist_page
def note(request, pk):
    found = _note(request, pk)
    if found.is_signed:
        if request.method == "POST":
            return render(
                request,
                "therapy/note.html",
                {"note": found, "addendum_form": AddendumForm(), "problem": SIGNED_MESSAGE},
                status=400,
            )
        return render(request, "therapy/note.html", {"note": found, "addendum_form": AddendumForm()})
    form = NoteForm(posted(request), template=found.template, initial=_initial(found))
    if request.method == "POST" and form.is_valid():
        try:
            update_draft(found, session_on=form.cleaned_data["session_on"], sections=form.sections())
        except TherapyError as error:
            return render(request, "therapy/note.html", {"note": found, "problem": str(error)}, status=400)
        messages.success(request, _("Draft saved."))
        return redirect("therapy_note", pk=found.pk)
    return render(request, "therapy/note.html", {"note": found, "form": form})


def _initial(found: SessionNote) -> dict:
    initial = {"session_on": found.session_on}
    initial.update({name: getattr(found, name) for name in found.section_names})
    return initial


@therapist_page
@require_POST
def note_sign(request, pk):
    found = _note(request, pk)
    try:
        sign_note(found, request.user)
    except TherapyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Signed. The note is now locked; later changes go in addenda."))
    return redirect("therapy_note", pk=found.pk)


@therapist_page
@require_POST
def note_addendum(request, pk):
    found = _note(request, pk)
    form = AddendumForm(request.POST)
    if not found.is_signed:
        messages.error(request, _("This note is still a draft: change it directly, or sign it first."))
        return redirect("therapy_note", pk=found.pk)
    if not form.is_valid():
        return render(request, "therapy/note.html", {"note": found, "addendum_form": form})
    add_addendum(found, request.user, form.cleaned_data["text"])
    messages.success(request, _("Addendum added and signed."))
    return redirect("therapy_note", pk=found.pk)
