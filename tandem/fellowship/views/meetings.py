"""The finder, a meeting's page, saved places."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.db_router import reads_may_lag

from .. import finder, programs, services, timeutil
from ..forms import FinderForm, PlaceForm
from ..models import Meeting, SavedPlace, ScheduleEntry
from ._common import back

PAGE_SIZE = 25


@reads_may_lag
def meeting_finder(request):
    user = request.user
    today = user.local_today()
    places = list(SavedPlace.objects.filter(owner=user))
    data = request.GET.copy()
    searched = bool(data)
    if not searched:
        # A first look: today's meetings near the person's first saved place, or today's online ones.
        data["day"] = str(timeutil.feed_day(today))
        if places:
            data["near"] = f"place-{places[0].pk}"
        else:
            data["attendance"] = "online"
    data.setdefault("radius", "25")
    form = FinderForm(data, places=places)
    page = None
    rows = []
    no_match = ""
    if form.is_valid():
        cleaned = form.cleaned_data
        search = form.search()
        queryset = finder.find(search, viewer_zone=user.zone, today=today).select_related("feed")
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        if not page.paginator.count:
            near = cleaned.get("near") or ""
            place = next((p for p in places if near == f"place-{p.pk}"), None)
            no_match = finder.no_match_message(cleaned, place.label if place else "")
        scheduled = set(
            ScheduleEntry.objects.filter(owner=user, meeting_id__in=[m.pk for m in page.object_list]).values_list(
                "meeting_id", flat=True
            )
        )
        now = timezone.now()
        for meeting in page.object_list:
            rows.append(
                {
                    "meeting": meeting,
                    "times": services.describe_times(meeting, user.zone, now),
                    "km": services.km(getattr(meeting, "distance_sq", None)),
                    "in_schedule": meeting.pk in scheduled,
                }
            )
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "fellowship/finder.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "searched": searched,
            "no_match": no_match,
        },
    )


def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("feed"), pk=pk)
    user = request.user
    entry = ScheduleEntry.objects.filter(owner=user, meeting=meeting).first()
    return render(
        request,
        "fellowship/meeting.html",
        {
            "meeting": meeting,
            "times": services.describe_times(meeting, user.zone),
            "types": programs.labelled(meeting.program, meeting.types),
            "entry": entry,
        },
    )


@require_POST
def schedule_add_meeting(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if meeting.retired_at is not None:
        messages.error(request, _("This meeting is no longer listed by its intergroup, so it can't be added."))
        return redirect("meeting_detail", pk)
    _entry, created = services.add_meeting(request.user, meeting)
    if created:
        messages.success(request, _("Added to your meetings: %(name)s.") % {"name": meeting.name})
    else:
        messages.info(request, _("%(name)s is already in your meetings.") % {"name": meeting.name})
    return back(request, "schedule")


def places(request):
    user = request.user
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        SavedPlace.objects.create(
            owner=user, label=data["label"].strip(), coordinates=[data["latitude"], data["longitude"]]
        )
        messages.success(request, _("Place saved. You can search near it in the finder."))
        return redirect("places")
    return render(request, "fellowship/places.html", {"form": form, "places": SavedPlace.objects.filter(owner=user)})


@require_POST
def place_delete(request, pk):
    place = get_object_or_404(SavedPlace, pk=pk, owner=request.user)
    place.delete()
    messages.success(request, _("Place removed."))
    return redirect("places")
