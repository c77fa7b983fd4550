"""The support network and the outreach log."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import services
from ..forms import ContactForm, OutreachForm, QuickOutreachForm
from ..models import Contact, Direction, Outreach, OutreachKind
from ._common import back

QUICK_KINDS = [
    (OutreachKind.CALL, gettext_lazy("Called")),
    (OutreachKind.TEXT, gettext_lazy("Texted")),
    (OutreachKind.EMAIL, gettext_lazy("Emailed")),
    (OutreachKind.COFFEE, gettext_lazy("Coffee")),
]


def outreach(request):
    user = request.user
    today = user.local_today()
    contacts = list(Contact.objects.filter(owner=user))
    form = OutreachForm(request.POST or None, contacts=contacts, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _record, created = services.save_once(
            Outreach,
            user,
            data["client_token"],
            contact=data["contact"],
            kind=data["kind"],
            direction=data["direction"],
            date=data["date"],
            note=data["note"].strip(),
        )
        messages.success(
            request, _("Logged. Reaching out is recovery work.") if created else _("That was already logged.")
        )
        return redirect("outreach")
    recent = Paginator(Outreach.objects.filter(owner=user).select_related("contact"), 20).get_page(
        request.GET.get("page")
    )
    week_ago = today - datetime.timedelta(days=6)
    this_week = Outreach.objects.filter(owner=user, date__gte=week_ago).aggregate(n=Count("id"))["n"]
    return render(
        request,
        "fellowship/outreach.html",
        {
            "form": form,
            "contacts": contacts,
            "quick_kinds": QUICK_KINDS,
            "recent": recent,
            "this_week": this_week,
            "days_since": services.days_since(services.last_outreach(user), today),
        },
    )


@require_POST
def outreach_quick(request):
    """One tap: “Called Jamie”. The contact must be one of the person's own."""
    user = request.user
    form = QuickOutreachForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That didn't work. Please try the button again."))
        return back(request, "outreach")
    data = form.cleaned_data
    contact = None
    if data["contact"]:
        contact = get_object_or_404(Contact, pk=data["contact"], owner=user)
    _record, created = services.save_once(
        Outreach,
        user,
        data["client_token"],
        contact=contact,
        kind=data["kind"],
        direction=data["direction"] or Direction.OUT,
        date=user.local_today(),
    )
    what = str(OutreachKind(data["kind"]).label).lower()
    if created and contact:
        messages.success(request, _("Logged: %(what)s with %(name)s today.") % {"what": what, "name": contact.name})
    elif created:
        messages.success(request, _("Logged: %(what)s today.") % {"what": what})
    else:
        messages.info(request, _("That was already logged."))
    return back(request, "outreach")


@require_POST
def outreach_delete(request, pk):
    record = get_object_or_404(Outreach, pk=pk, owner=request.user)
    record.delete()
    messages.success(request, _("Removed from your log."))
    return redirect("outreach")


def network(request):
    user = request.user
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        Contact.objects.create(
            owner=user,
            name=data["name"].strip(),
            role=data["role"],
            phone=data["phone"],
            email=data["email"],
            notes=data["notes"].strip(),
        )
        messages.success(request, _("%(name)s is in your network.") % {"name": data["name"].strip()})
        return redirect("network")
    return render(request, "fellowship/network.html", {"form": form, "contacts": Contact.objects.filter(owner=user)})


def contact_edit(request, pk):
    contact = get_object_or_404(Contact, pk=pk, owner=request.user)
    initial = {"name": contact.name, "role": contact.role, "phone": contact.phone, "email": contact.email}
    initial["notes"] = contact.notes
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact.name = data["name"].strip()
        contact.role = data["role"]
        contact.phone = data["phone"]
        contact.email = data["email"]
        contact.notes = data["notes"].strip()
        contact.save()
        messages.success(request, _("Saved."))
        return redirect("network")
    return render(request, "fellowship/contact.html", {"form": form, "contact": contact})


@require_POST
def contact_delete(request, pk):
    contact = get_object_or_404(Contact, pk=pk, owner=request.user)
    name = contact.name
    contact.delete()
    messages.success(
        request, _("%(name)s was removed from your network. Your outreach log keeps its entries.") % {"name": name}
    )
    return redirect("network")
