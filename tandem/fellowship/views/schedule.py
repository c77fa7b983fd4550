"""The person's own week: schedule, "I went", the attendance log, 90 in 90, the calendar feed."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts.models import hash_token
from tandem.sharing.models import audit

from .. import ical, services
from ..forms import AttendanceForm, CalendarForm, EntryNotesForm, NinetyForm, PrivateMeetingForm
from ..models import Attendance, CalendarToken, FellowshipPrefs, ScheduleEntry
from ._common import back


def schedule(request):
    user = request.user
    today = user.local_today()
    entries = list(services.schedule_for(user))
    attended_today = set(
        Attendance.objects.filter(owner=user, date=today, entry__isnull=False).values_list("entry_id", flat=True)
    )
    prefs = FellowshipPrefs.for_user(user)
    week = services.week_for(user, entries)[1:]
    return render(
        request,
        "fellowship/schedule.html",
        {
            "today": today,
            "today_items": services.items_on(user, today, entries=entries, attended_ids=attended_today),
            "week": week,
            "week_has_meetings": any(day["items"] for day in week),
            "entries": entries,
            "ninety": services.ninety(user, prefs),
            "ninety_form": NinetyForm(initial={"started_on": today}),
            "days_since_meeting": services.days_since(services.last_meeting(user), today),
        },
    )


def _private_entry_initial(entry: ScheduleEntry) -> dict:
    return {
        "name": entry.private_name,
        "day": entry.private_day,
        "time": entry.private_time,
        "end_time": entry.private_end_time,
        "time_zone": entry.private_time_zone,
        "where": entry.where,
        "notes": entry.notes,
    }


def schedule_new(request):
    form = PrivateMeetingForm(request.POST or None, initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ScheduleEntry.objects.create(
            owner=request.user,
            private_name=data["name"].strip(),
            private_day=data["day"],
            private_time=data["time"],
            private_end_time=data["end_time"],
            private_time_zone=data["time_zone"],
            where=data["where"].strip(),
            notes=data["notes"].strip(),
        )
        messages.success(request, _("Added to your meetings."))
        return redirect("schedule")
    return render(request, "fellowship/schedule_form.html", {"form": form, "entry": None})


def schedule_edit(request, pk):
    entry = get_object_or_404(ScheduleEntry.objects.select_related("meeting"), pk=pk, owner=request.user)
    if entry.is_private:
        form = PrivateMeetingForm(request.POST or None, initial=_private_entry_initial(entry))
    else:
        form = EntryNotesForm(request.POST or None, initial={"notes": entry.notes})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if entry.is_private:
            entry.private_name = data["name"].strip()
            entry.private_day = data["day"]
            entry.private_time = data["time"]
            entry.private_end_time = data["end_time"]
            entry.private_time_zone = data["time_zone"]
            entry.where = data["where"].strip()
        entry.notes = data["notes"].strip()
        entry.save()
        messages.success(request, _("Saved."))
        return redirect("schedule")
    return render(request, "fellowship/schedule_form.html", {"form": form, "entry": entry})


@require_POST
def schedule_remove(request, pk):
    entry = get_object_or_404(ScheduleEntry.objects.select_related("meeting"), pk=pk, owner=request.user)
    name = entry.name
    entry.delete()
    messages.success(
        request,
        _("Taken off your meetings: %(name)s. Your attendance log keeps every meeting you went to.") % {"name": name},
    )
    return redirect("schedule")


@require_POST
def attend(request, pk):
    entry = get_object_or_404(ScheduleEntry.objects.select_related("meeting"), pk=pk, owner=request.user)
    _attendance, created = services.mark_attended(request.user, entry, request.user.local_today())
    if created:
        messages.success(
            request, _("Logged: you went to %(name)s today. Well done for showing up.") % {"name": entry.name}
        )
    else:
        messages.info(request, _("Already logged: %(name)s today.") % {"name": entry.name})
    return back(request, "schedule")


def attendance_log(request):
    user = request.user
    today = user.local_today()
    form = AttendanceForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _record, created = services.save_once(
            Attendance,
            user,
            data["client_token"],
            date=data["date"],
            label=data["label"].strip(),
            note=data["note"].strip(),
        )
        if created:
            messages.success(request, _("Meeting logged."))
        else:
            messages.info(request, _("That meeting was already logged."))
        return redirect("attendance_log")
    page = Paginator(Attendance.objects.filter(owner=user), 30).get_page(request.GET.get("page"))
    return render(request, "fellowship/attendance.html", {"form": form, "page": page})


@require_POST
def attendance_delete(request, pk):
    record = get_object_or_404(Attendance, pk=pk, owner=request.user)
    record.delete()
    messages.success(request, _("Removed from your log."))
    return back(request, "attendance_log")


@require_POST
def ninety_restart(request):
    user = request.user
    form = NinetyForm(request.POST, today=user.local_today())
    if form.is_valid():
        prefs = FellowshipPrefs.for_user(user)
        prefs.ninety_started_on = form.cleaned_data["started_on"]
        prefs.save(update_fields=["ninety_started_on"])
        messages.success(request, _("Your 90 days now count from that date. Every meeting is a good one."))
    else:
        messages.error(request, _("Please choose a date that has already come."))
    return redirect("schedule")


# --- Calendar subscription ----------------------------------------------------------------------


def calendar_settings(request):
    user = request.user
    form = CalendarForm(request.POST or None)
    new_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        now = timezone.now()
        if action == "revoke":
            revoked = CalendarToken.objects.filter(owner=user, revoked_at__isnull=True).update(revoked_at=now)
            if revoked:
                audit("fellowship.calendar_revoked", actor=user, subject=user)
            messages.success(
                request, _("Your calendar address no longer works. Calendars subscribed to it stop updating.")
            )
            return redirect("calendar_settings")
        if action == "new" and form.is_valid():
            token = secrets.token_urlsafe(32)
            with transaction.atomic():
                CalendarToken.objects.filter(owner=user, revoked_at__isnull=True).update(revoked_at=now)
                CalendarToken.objects.create(
                    owner=user, token_hash=hash_token(token), discreet=form.cleaned_data["discreet"]
                )
            audit("fellowship.calendar_created", actor=user, subject=user)
            new_url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    active = CalendarToken.objects.filter(owner=user, revoked_at__isnull=True).first()
    return render(
        request,
        "fellowship/calendar.html",
        {
            "form": CalendarForm(initial={"discreet": active.discreet if active else True}),
            "active": active,
            "new_url": new_url,
            "webcal_url": new_url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
        },
    )


@login_not_required
@require_GET
def calendar_feed(request, token):
    """The subscription itself: no sign-in (calendar apps can't), the secret is the address."""
    if not token or len(token) > 100:
        raise Http404
    subscription = (
        CalendarToken.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .select_related("owner")
        .first()
    )
    if subscription is None or not subscription.owner.is_active:
        raise Http404
    entries = services.schedule_for(subscription.owner)
    # The calendar app asks, not the person: their own language when they chose one.
    chosen = getattr(subscription.owner, "language", "")
    language = chosen if chosen in dict(settings.LANGUAGES) else translation.get_language()
    with translation.override(language):
        body = ical.build(
            entries, token_hash=subscription.token_hash, discreet=subscription.discreet, now=timezone.now()
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="schedule.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
