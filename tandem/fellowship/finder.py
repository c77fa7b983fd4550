"""Finding meetings: day and time window (in the person's own zone), program, type, how people
attend, text, and distance from a point.

Time: a person in Los Angeles asking for "Monday 17:00–18:00" is asking about the real hours of
their Monday. For each zone the listed meetings are in (few: each feed records its zones), that
window is converted to wall-clock ranges in the meeting's zone, for the coming date, so daylight
saving time is followed. The ranges become one indexed filter on (day, time).

Distance: a bounding box on (latitude, longitude) narrows the rows by index, then an
equirectangular distance (accurate to well under 1% at meeting distances) filters and orders them
in the same SQL statement, with no database extension.
"""

import math
from dataclasses import dataclass
from datetime import date, time

from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet, Value
from django.utils.translation import gettext

from . import timeutil
from .models import DAY_NAMES, Feed, Meeting

KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LNG_AT_EQUATOR = 111.320


@dataclass
class Search:
    day: int | None = None
    time_from: time | None = None
    time_to: time | None = None
    program: str = ""
    type_code: str = ""
    language: str = ""
    attendance: str = ""
    text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None and bool(self.radius_km)

    @property
    def has_window(self) -> bool:
        return self.day is not None or self.time_from is not None or self.time_to is not None


def listed_zones() -> list[str]:
    zones: set[str] = set()
    for feed_zones in Feed.objects.order_by().values_list("time_zones", flat=True):
        zones.update(feed_zones or [])
    return sorted(zones)


def window_filter(search: Search, viewer_zone, today: date, zones: list[str]) -> Q | None:
    """The (day, time) ranges of the person's window in every zone; None = nothing can match."""
    condition = Q()
    matched = False
    for zone_name in zones:
        for day, low, high in timeutil.window_slots(
            viewer_zone, timeutil.zone(zone_name), search.day, search.time_from, search.time_to, today
        ):
            term = Q(day=day, time__gte=low, time__lte=high)
            if len(zones) > 1:
                term &= Q(time_zone=zone_name)
            condition |= term
            matched = True
    return condition if matched else None


def bounding_box(latitude: float, longitude: float, radius_km: float) -> tuple[float, float, float, float]:
    dlat = radius_km / KM_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    dlng = min(radius_km / (KM_PER_DEGREE_LNG_AT_EQUATOR * cos_lat), 180.0)
    return latitude - dlat, latitude + dlat, longitude - dlng, longitude + dlng


def distance_scales(latitude: float) -> tuple[float, float]:
    return KM_PER_DEGREE_LAT, KM_PER_DEGREE_LNG_AT_EQUATOR * math.cos(math.radians(latitude))


def find(search: Search, *, viewer_zone, today: date, zones: list[str] | None = None) -> QuerySet:
    queryset = Meeting.objects.filter(retired_at__isnull=True)
    if search.attendance == "inactive":
        queryset = queryset.filter(attendance="inactive")
    elif search.attendance == "online":
        queryset = queryset.filter(is_online=True)
    elif search.attendance == "in_person":
        queryset = queryset.filter(is_in_person=True)
    elif search.attendance == "hybrid":
        queryset = queryset.filter(attendance="hybrid")
    else:
        queryset = queryset.exclude(attendance="inactive")
    if search.program:
        queryset = queryset.filter(program=search.program)
    if search.type_code:
        queryset = queryset.filter(type_codes__contains=f"|{search.type_code}|")
    if search.language == "en":
        # Feeds mark the meetings that are not in English (TSML's "S"); one that names no language
        # is, in the feeds we read, an English meeting, so asking for English must not hide it.
        queryset = queryset.filter(Q(languages__contains="|en|") | Q(languages=""))
    elif search.language:
        queryset = queryset.filter(languages__contains=f"|{search.language}|")
    for word in search.text.lower().split()[:6]:
        queryset = queryset.filter(search__contains=word)
    if search.has_window:
        condition = window_filter(search, viewer_zone, today, listed_zones() if zones is None else zones)
        if condition is None:
            return queryset.none()
        queryset = queryset.filter(condition)
    if search.has_point:
        south, north, west, east = bounding_box(search.latitude, search.longitude, search.radius_km)
        ky, kx = distance_scales(search.latitude)
        dy = (F("latitude") - Value(search.latitude)) * Value(ky)
        dx = (F("longitude") - Value(search.longitude)) * Value(kx)
        queryset = (
            queryset.filter(
                is_in_person=True,
                latitude__gte=south,
                latitude__lte=north,
                longitude__gte=west,
                longitude__lte=east,
            )
            .annotate(distance_sq=ExpressionWrapper(dy * dy + dx * dx, output_field=FloatField()))
            .filter(distance_sq__lte=search.radius_km**2)
            .order_by("distance_sq", "day", "time", "id")
        )
    else:
        queryset = queryset.order_by("day", "time", "name", "id")
    return queryset


def no_match_message(cleaned: dict, place_label: str = "") -> str:
    """What an empty search says: what was asked for, and what to try next."""
    asked, tries = [], []
    if cleaned.get("q", "").strip():
        asked.append(gettext("“%(words)s”") % {"words": cleaned["q"].strip()})
        tries.append(gettext("fewer or different words"))
    if cleaned.get("day") is not None:
        asked.append(gettext("on %(day)s") % {"day": DAY_NAMES[cleaned["day"]]})
        tries.append(gettext("any day"))
    if cleaned.get("time_from") or cleaned.get("time_to"):
        asked.append(gettext("at that time"))
        tries.append(gettext("a wider time window"))
    if cleaned.get("point"):
        km = f"{cleaned['radius']:g}"
        if place_label:
            asked.append(gettext("within %(km)s km of %(place)s") % {"km": km, "place": place_label})
        else:
            asked.append(gettext("within %(km)s km") % {"km": km})
        tries.append(gettext("a larger distance"))
    if cleaned.get("program") or cleaned.get("type") or cleaned.get("attendance") or cleaned.get("language"):
        asked.append(gettext("of that kind"))
        tries.append(gettext("any fellowship or kind"))
    if cleaned.get("attendance") != "online":
        tries.append(gettext("an online meeting"))
    what = " ".join(asked) if asked else gettext("your search")
    if len(tries) > 1:
        tried = gettext("%(some)s or %(last)s") % {"some": ", ".join(tries[:-1]), "last": tries[-1]}
    else:
        tried = tries[0]
    return gettext("No meeting matches %(what)s. Try %(tries)s.") % {"what": what, "tries": tried}
