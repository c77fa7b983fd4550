"""The owner's own timeline and family map. Everything is fetched for request.user or 404.

Grantees see these through the person page (panels) and the reports, never through these views.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.sharing import gate

from . import services
from .forms import BirthYearForm, ChildForm, LifeEventForm, RelationshipForm, RelativeForm, StartOutlineForm, UnionForm
from .models import HistoryProfile, LifeEvent, ParentChild, Relationship, Relative, Union

# --- Timeline -------------------------------------------------------------------------------


def timeline(request):
    context = services.timeline(request.user)
    context["birth_form"] = BirthYearForm(
        initial={"birth_year": context["birth_year"]}, today=request.user.local_today()
    )
    return render(request, "history/timeline.html", context)


@require_POST
def timeline_birth_year(request):
    form = BirthYearForm(request.POST, today=request.user.local_today())
    if form.is_valid():
        HistoryProfile.objects.update_or_create(
            owner=request.user, defaults={"birth_year": form.cleaned_data["birth_year"]}
        )
        messages.success(request, _("Saved."))
        return redirect("timeline")
    context = services.timeline(request.user)
    context["birth_form"] = form
    return render(request, "history/timeline.html", context, status=400)


def _event_form_page(request, event=None):
    birth_year = services.birth_year_of(request.user)
    form = LifeEventForm(request.POST or None, instance=event, birth_year=birth_year, today=request.user.local_today())
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.owner = request.user
        saved.save()
        messages.success(request, _("Saved to your timeline."))
        return redirect("timeline")
    return render(
        request,
        "history/event_form.html",
        {"form": form, "event": event, "birth_year": birth_year},
        status=400 if form.is_bound else 200,
    )


def timeline_add(request):
    return _event_form_page(request)


def timeline_edit(request, pk):
    return _event_form_page(request, get_object_or_404(LifeEvent, pk=pk, owner=request.user))


@require_POST
def timeline_delete(request, pk):
    get_object_or_404(LifeEvent, pk=pk, owner=request.user).delete()
    messages.success(request, _("That event has been removed."))
    return redirect("timeline")


def take_a_break(request):
    """Somewhere to stop when the past gets too much: a few ways to settle, the plan, help."""
    return render(request, "history/break.html")


# --- Family map -----------------------------------------------------------------------------


def family(request):
    context = services.family(request.user)
    context["shared_with_me"] = gate.owners_sharing(request.user, "genogram")
    context["start_form"] = StartOutlineForm()
    return render(request, "history/family.html", context)


@require_POST
def family_start(request):
    with transaction.atomic():
        if Relative.objects.filter(owner=request.user).exists():
            messages.info(request, _("Your family map already has people in it."))
        else:
            form = StartOutlineForm(request.POST)
            with_partner = form.is_valid() and form.cleaned_data["with_partner"]
            services.start_outline(request.user, with_partner=with_partner)
            messages.success(
                request,
                _("Here is an outline of three generations. Change any name, or remove anyone who doesn't fit."),
            )
    return redirect("family")


FORM_PAGES = {
    "person": (gettext_lazy("Add a person"), gettext_lazy("Change this person"), RelativeForm),
    "union": (gettext_lazy("Add a couple"), gettext_lazy("Change this couple"), UnionForm),
    "child": (gettext_lazy("Add a child"), "", ChildForm),
    "line": (gettext_lazy("Add a relationship line"), "", RelationshipForm),
}


def _family_form_page(request, which: str, instance=None):
    add_title, edit_title, form_class = FORM_PAGES[which]
    kwargs = {"owner": request.user}
    if instance is not None:
        kwargs["instance"] = instance
    form = form_class(request.POST or None, **kwargs)
    too_few = which != "person" and Relative.objects.filter(owner=request.user).count() < 2
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved to your family map."))
        return redirect("family")
    return render(
        request,
        "history/family_form.html",
        {
            "form": form,
            "which": which,
            "heading": edit_title if instance else add_title,
            "instance": instance,
            "too_few": too_few,
        },
        status=400 if form.is_bound else 200,
    )


def family_person_add(request):
    return _family_form_page(request, "person")


def family_person_edit(request, pk):
    return _family_form_page(request, "person", get_object_or_404(Relative, pk=pk, owner=request.user))


@require_POST
def family_person_delete(request, pk):
    services.delete_person(get_object_or_404(Relative, pk=pk, owner=request.user))
    messages.success(request, _("Removed from your family map, with their lines."))
    return redirect("family")


def family_union_add(request):
    return _family_form_page(request, "union")


def family_union_edit(request, pk):
    return _family_form_page(request, "union", get_object_or_404(Union, pk=pk, owner=request.user))


@require_POST
def family_union_delete(request, pk):
    get_object_or_404(Union, pk=pk, owner=request.user).delete()
    messages.success(request, _("That couple's line has been removed."))
    return redirect("family")


def family_child_add(request):
    return _family_form_page(request, "child")


@require_POST
def family_child_delete(request, pk):
    get_object_or_404(ParentChild, pk=pk, owner=request.user).delete()
    messages.success(request, _("That parent and child line has been removed."))
    return redirect("family")


def family_line_add(request):
    return _family_form_page(request, "line")


@require_POST
def family_line_delete(request, pk):
    get_object_or_404(Relationship, pk=pk, owner=request.user).delete()
    messages.success(request, _("That relationship line has been removed."))
    return redirect("family")
