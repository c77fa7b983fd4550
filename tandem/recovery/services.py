"""Writing recovery records: the rules live here, views stay thin.

Also the "get it for this user or 404" helpers, one per kind of object.
"""

import datetime
import re
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext

from tandem.fellowship import api as fellowship
from tandem.sharing.models import audit

from . import insights
from .library import SA_PRESET_INNER, Circle, Fellowship, Halt
from .models import (
    CheckIn,
    CheckInItem,
    CheckInTrigger,
    CircleItem,
    CircleSet,
    PlanVersion,
    Program,
    RecoveryProfile,
    Slip,
    Trigger,
    UrgeLog,
)
from .sobriety import local_date


class RecoveryError(ValueError):
    """A request we can't carry out, with a message written for the person."""


# --- get it for this user or 404 -------------------------------------------------------------


def program_for(user, pk) -> Program:
    return get_object_or_404(Program, pk=pk, owner=user)


def put_milestone_away(user, pk) -> bool:
    """The person sets aside the quiet moment of their latest milestone in program `pk` (theirs,
    or 404): it does not come back; the milestones page still lists it. False when there was no
    moment to put away (already put away, or long past)."""
    for summary in insights.sobriety_summary(user):
        if summary.program_id == int(pk) and summary.milestone_moment is not None:
            program = program_for(user, pk)
            program.milestone_put_away = summary.milestone_moment.date
            program.save(update_fields=["milestone_put_away"])  # post_save renews the derived stamp
            return True
    program_for(user, pk)  # someone else's program, or none: 404
    return False


def circle_set_for(user, pk) -> CircleSet:
    return get_object_or_404(CircleSet.objects.select_related("program"), pk=pk, owner=user)


def slip_for(user, pk) -> Slip:
    return get_object_or_404(Slip.objects.select_related("program", "behaviour"), pk=pk, owner=user)


def urge_for(user, pk) -> UrgeLog:
    return get_object_or_404(UrgeLog, pk=pk, owner=user)


def plan_version_for(user, pk) -> PlanVersion:
    return get_object_or_404(PlanVersion, pk=pk, owner=user)


# --- profile and programs ---------------------------------------------------------------------


def profile_of(user) -> RecoveryProfile | None:
    return RecoveryProfile.objects.filter(owner=user).first()


def ensure_profile(user, **fields) -> RecoveryProfile:
    profile, created = RecoveryProfile.objects.get_or_create(
        owner=user, defaults={"started_on": user.local_today(), **fields}
    )
    if created:
        Trigger.objects.bulk_create(
            [Trigger(owner=user, key=key, order=i) for i, (key, _label) in enumerate(Halt.CHOICES)],
            ignore_conflicts=True,
        )
    elif fields:
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save(update_fields=list(fields))
    return profile


def active_programs(user) -> list[Program]:
    return list(Program.objects.filter(owner=user, archived=False))


def create_program(
    owner, *, kind: str, fellowship: str, sobriety_date: datetime.date, nonce: uuid.UUID | None = None
) -> Program:
    """A new program; SA gets its fixed definition as circles version 1. Idempotent per nonce."""
    if nonce is not None:
        existing = Program.objects.filter(owner=owner, nonce=nonce).first()
        if existing:
            return existing
    if sobriety_date > owner.local_today():
        raise RecoveryError(gettext("Your sobriety date can't be in the future."))
    try:
        with transaction.atomic():
            program = Program.objects.create(
                owner=owner,
                kind=kind,
                fellowship=fellowship,
                uses_sa_preset=fellowship == Fellowship.SA,
                sobriety_date=sobriety_date,
                nonce=nonce,
            )
            if program.uses_sa_preset:
                _write_version(program, [_preset_item(b) for b in SA_PRESET_INNER], preset=True)
            audit("recovery.program_added", actor=owner, subject=owner, program=program.pk)
    except IntegrityError:
        existing = Program.objects.filter(owner=owner, nonce=nonce).first() if nonce else None
        if existing is None:
            raise
        return existing
    return program


def change_sobriety_date(program: Program, new_date: datetime.date, *, by) -> None:
    if new_date > program.owner.local_today():
        raise RecoveryError(gettext("Your sobriety date can't be in the future."))
    if new_date != program.sobriety_date:
        program.sobriety_date = new_date
        program.save(update_fields=["sobriety_date"])
        audit("recovery.sobriety_date_changed", actor=by, subject=program.owner, program=program.pk)


# --- circles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSpec:
    circle: str
    text: str
    category: str = ""
    library_key: str = ""

    def same_as(self, item: CircleItem) -> bool:
        return (item.circle, item.text, item.category) == (self.circle, self.text, self.category)


def _preset_item(behaviour) -> ItemSpec:
    return ItemSpec(behaviour.circle, str(behaviour.text), behaviour.category, behaviour.key)


def current_circles(program: Program) -> CircleSet | None:
    return program.circle_sets.order_by("-version").first()


def circles_in_force(program: Program, day: datetime.date) -> CircleSet | None:
    """The version a day belongs to: the newest made on or before it, else the first one."""
    found = program.circle_sets.filter(valid_from__lte=day).order_by("-version").first()
    return found or program.circle_sets.order_by("version").first()


def items_of(circle_set: CircleSet | None) -> dict[str, list[CircleItem]]:
    grouped = {circle: [] for circle in Circle.ORDER}
    if circle_set is not None:
        for item in circle_set.items.all():
            grouped[item.circle].append(item)
    return grouped


def save_circles(program: Program, specs: list[ItemSpec], *, by) -> CircleSet | None:
    """Make a new version from `specs`, or return None when nothing changed.

    The inner circle can't be empty, and SA's preset inner circle can't change."""
    specs = _dedupe([s for s in specs if s.text.strip()])
    if program.uses_sa_preset:
        specs = [_preset_item(b) for b in SA_PRESET_INNER] + [s for s in specs if s.circle != Circle.INNER]
    if not any(s.circle == Circle.INNER for s in specs):
        raise RecoveryError(
            gettext(
                "Your inner circle can't be empty: it is what sobriety means for you. "
                "Keep at least one behaviour in it, or add one. Nothing else was changed."
            )
        )
    current = current_circles(program)
    if current is not None:
        old = list(current.items.all())
        if len(old) == len(specs) and all(spec.same_as(item) for spec, item in zip(specs, old, strict=True)):
            return None
    with transaction.atomic():
        circle_set = _write_version(program, specs, preset=program.uses_sa_preset)
        audit("recovery.circles_saved", actor=by, subject=program.owner, program=program.pk, version=circle_set.version)
    return circle_set


def _dedupe(specs: list[ItemSpec]) -> list[ItemSpec]:
    seen, result = set(), []
    for spec in specs:
        key = (spec.circle, spec.text.strip().casefold())
        if key not in seen:
            seen.add(key)
            result.append(ItemSpec(spec.circle, spec.text.strip()[:200], spec.category, spec.library_key))
    order = {circle: i for i, circle in enumerate(Circle.ORDER)}
    return sorted(result, key=lambda s: order[s.circle])


def _write_version(program: Program, specs: list[ItemSpec], *, preset: bool) -> CircleSet:
    last = program.circle_sets.select_for_update().order_by("-version").values_list("version", flat=True).first()
    circle_set = CircleSet.objects.create(
        owner=program.owner,
        program=program,
        version=(last or 0) + 1,
        valid_from=program.owner.local_today(),
        preset=preset,
    )
    CircleItem.objects.bulk_create(
        [
            CircleItem(
                owner=program.owner,
                circle_set=circle_set,
                circle=spec.circle,
                category=spec.category if spec.circle == Circle.INNER else "",
                text=spec.text,
                library_key=spec.library_key,
                order=i,
            )
            for i, spec in enumerate(specs)
        ]
    )
    return circle_set


# --- triggers --------------------------------------------------------------------------------


def triggers_of(user, *, include_archived: bool = False) -> list[Trigger]:
    queryset = Trigger.objects.filter(owner=user)
    if not include_archived:
        queryset = queryset.filter(archived=False)
    return list(queryset)


def set_own_triggers(user, labels: list[str]) -> None:
    """Keep the person's own triggers in step with `labels` (archived, never deleted: past
    check-ins still point at them)."""
    wanted = []
    for label in labels:
        label = label.strip()[:60]
        if label and label.casefold() not in {w.casefold() for w in wanted}:
            wanted.append(label)
    own = [t for t in triggers_of(user, include_archived=True) if not t.key]
    by_name = {t.label.casefold(): t for t in own}
    with transaction.atomic():
        for i, label in enumerate(wanted):
            trigger = by_name.get(label.casefold())
            if trigger is None:
                Trigger.objects.create(owner=user, label=label, order=10 + i)
            elif trigger.archived or trigger.order != 10 + i:
                trigger.archived = False
                trigger.order = 10 + i
                trigger.save(update_fields=["archived", "order"])
        keep = {w.casefold() for w in wanted}
        for trigger in own:
            if trigger.label.casefold() not in keep and not trigger.archived:
                trigger.archived = True
                trigger.save(update_fields=["archived"])


# --- check-ins -------------------------------------------------------------------------------


def checkin_window(program: Program, today: datetime.date, days: int = 60) -> tuple[datetime.date, datetime.date]:
    """The days a check-in may be written for: from the sobriety date (at most `days` back) to today."""
    return max(program.sobriety_date, today - datetime.timedelta(days=days)), today


def check_checkin_day(program: Program, day: datetime.date, today: datetime.date) -> None:
    if day > today:
        raise RecoveryError(gettext("That day hasn't come yet. You can check in for today or a day that has passed."))
    first, _ = checkin_window(program, today)
    if day < first:
        if day < program.sobriety_date:
            raise RecoveryError(
                gettext("That day is before your sobriety date (%(date)s), so there's nothing to fill in.")
                % {"date": date_format(program.sobriety_date, "d F Y")}
            )
        raise RecoveryError(gettext("Missed days can be filled in for up to 60 days back."))


def save_checkin(
    owner,
    program: Program,
    day: datetime.date,
    *,
    stayed_out: bool,
    urge_level: int,
    items: list[CircleItem],
    triggers: list[Trigger],
    feelings: list[str],
    meetings: int,
    calls: int,
    gratitude: str,
    note: str,
) -> tuple[CheckIn, bool]:
    """Create or update the one check-in of (program, day). Saving the same data twice is a no-op."""
    today = owner.local_today()
    check_checkin_day(program, day, today)
    if not 0 <= urge_level <= 10:
        raise RecoveryError(gettext("The urge level goes from 0 to 10."))
    fields = {
        "stayed_out": stayed_out,
        "urge_level": urge_level,
        "feelings": list(feelings),
        "meetings": meetings,
        "calls": calls,
        "gratitude": gratitude.strip(),
        "note": note.strip(),
    }
    try:
        return _write_checkin(owner, program, day, today, fields, items, triggers)
    except IntegrityError:
        # Two submissions raced to create the same day's check-in: the second one edits it.
        return _write_checkin(owner, program, day, today, fields, items, triggers)


def _write_checkin(owner, program, day, today, fields, items, triggers) -> tuple[CheckIn, bool]:
    with transaction.atomic():
        checkin = CheckIn.objects.select_for_update().filter(program=program, local_date=day).first()
        created = checkin is None
        if created:
            version = circles_in_force(program, day) if day < today else current_circles(program)
            checkin = CheckIn.objects.create(
                owner=owner,
                program=program,
                local_date=day,
                circle_set=version,
                filled_late=day < today,
                entered_on=today,
                **fields,
            )
        else:
            if checkin.entered_on != today:
                raise RecoveryError(
                    gettext(
                        "This check-in was written on an earlier day, so it stays as it was. "
                        "You can add anything new to today's check-in."
                    )
                )
            for name, value in fields.items():
                setattr(checkin, name, value)
            if day == today:
                checkin.circle_set = current_circles(program)
            checkin.save()
        checkin.item_links.all().delete()
        CheckInItem.objects.bulk_create(
            [
                CheckInItem(owner=owner, checkin=checkin, item=item, circle=item.circle, local_date=day)
                for item in {i.pk: i for i in items}.values()
                # Only behaviours of the circles this check-in points at (checked without a query,
                # inside the write lock).
                if checkin.circle_set_id is not None
                and item.circle_set_id == checkin.circle_set_id
                and item.circle in (Circle.MIDDLE, Circle.OUTER)
            ]
        )
        checkin.trigger_links.all().delete()
        CheckInTrigger.objects.bulk_create(
            [
                CheckInTrigger(owner=owner, checkin=checkin, trigger=trigger, local_date=day)
                for trigger in {t.pk: t for t in triggers}.values()
                if trigger.owner_id == owner.pk
            ]
        )
    return checkin, created


def carry_over(items: list[CircleItem], version: CircleSet | None) -> list[CircleItem]:
    """The items of `version` that match `items` by circle and text (after a circles edit)."""
    if version is None:
        return []
    wanted = {(i.circle, i.text) for i in items}
    return [item for item in version.items.all() if (item.circle, item.text) in wanted]


# --- slips -----------------------------------------------------------------------------------


def check_slip_time(program: Program, occurred_at: datetime.datetime, owner) -> datetime.date:
    from django.utils import timezone

    day = local_date(occurred_at, owner.zone)
    if occurred_at > timezone.now() + datetime.timedelta(minutes=1):
        raise RecoveryError(gettext("That time hasn't come yet. Please choose when it happened."))
    if day < program.sobriety_date:
        raise RecoveryError(
            gettext(
                "That is before your sobriety date (%(date)s), so it is already behind your count. "
                "If your sobriety date should be earlier, you can change it in your program settings."
            )
            % {"date": date_format(program.sobriety_date, "d F Y")}
        )
    return day


def log_slip(
    owner,
    program: Program,
    occurred_at: datetime.datetime,
    *,
    behaviour: CircleItem | None,
    chain_trigger: str = "",
    chain_thoughts: str = "",
    chain_actions: str = "",
    differently: str = "",
    told: str = "",
    nonce: uuid.UUID | None = None,
    urge: UrgeLog | None = None,
) -> tuple[Slip, bool]:
    """Record a slip. The same form submitted twice (same nonce) gives back the first slip."""
    if nonce is not None:
        existing = Slip.objects.filter(owner=owner, nonce=nonce).first()
        if existing:
            return existing, False
    day = check_slip_time(program, occurred_at, owner)
    if behaviour is not None and (behaviour.owner_id != owner.pk or behaviour.circle != Circle.INNER):
        raise RecoveryError(gettext("Please choose a behaviour from your inner circle."))
    try:
        with transaction.atomic():
            slip = Slip.objects.create(
                owner=owner,
                program=program,
                circle_set=circles_in_force(program, day),
                behaviour=behaviour,
                category=behaviour.category if behaviour else "",
                occurred_at=occurred_at,
                local_date=day,
                chain_trigger=chain_trigger.strip(),
                chain_thoughts=chain_thoughts.strip(),
                chain_actions=chain_actions.strip(),
                differently=differently.strip(),
                told=told.strip(),
                nonce=nonce,
            )
            if urge is not None and urge.owner_id == owner.pk and urge.slip_id is None:
                urge.slip = slip
                urge.save(update_fields=["slip"])
    except IntegrityError:
        existing = Slip.objects.filter(owner=owner, nonce=nonce).first() if nonce else None
        if existing is None:
            raise
        return existing, False
    return slip, True


# --- urges -----------------------------------------------------------------------------------


def log_urge(
    owner,
    *,
    occurred_at: datetime.datetime,
    intensity: int,
    program: Program | None = None,
    trigger: Trigger | None = None,
    helped: str = "",
    note: str = "",
    outcome: str = UrgeLog.Outcome.PASSED,
    surfed_minutes: int | None = None,
    nonce: uuid.UUID | None = None,
) -> tuple[UrgeLog, bool]:
    from django.utils import timezone

    if nonce is not None:
        existing = UrgeLog.objects.filter(owner=owner, nonce=nonce).first()
        if existing:
            return existing, False
    if occurred_at > timezone.now() + datetime.timedelta(minutes=1):
        raise RecoveryError(gettext("That time hasn't come yet. Please choose when the urge came."))
    if not 0 <= intensity <= 10:
        raise RecoveryError(gettext("Intensity goes from 0 to 10."))
    local = occurred_at.astimezone(owner.zone)
    try:
        with transaction.atomic():
            urge = UrgeLog.objects.create(
                owner=owner,
                program=program if program is None or program.owner_id == owner.pk else None,
                occurred_at=occurred_at,
                local_date=local.date(),
                local_hour=local.hour,
                local_weekday=local.weekday(),
                intensity=intensity,
                trigger=trigger if trigger is None or trigger.owner_id == owner.pk else None,
                helped=helped.strip(),
                note=note.strip(),
                outcome=outcome,
                surfed_minutes=surfed_minutes,
                nonce=nonce,
            )
    except IntegrityError:
        existing = UrgeLog.objects.filter(owner=owner, nonce=nonce).first() if nonce else None
        if existing is None:
            raise
        return existing, False
    return urge, True


# --- plans -----------------------------------------------------------------------------------


def latest_plan(user, kind: str) -> PlanVersion | None:
    return PlanVersion.objects.filter(owner=user, kind=kind).order_by("-version").first()


def save_plan(user, kind: str, content: dict) -> tuple[PlanVersion, bool]:
    """A new version when the content changed; the same content twice makes no new version."""
    with transaction.atomic():
        latest = PlanVersion.objects.select_for_update().filter(owner=user, kind=kind).order_by("-version").first()
        if latest is not None and latest.content == content:
            return latest, False
        version = PlanVersion.objects.create(
            owner=user, kind=kind, version=(latest.version + 1) if latest else 1, content=content
        )
        audit(f"recovery.{kind}_plan_saved", actor=user, subject=user, version=version.version)
    return version, True


PLAN_PEOPLE_OFFERED = 3


def people_to_offer(user, plan_content: dict) -> list[dict]:
    """People the person already has in Tandem who could join their plan's people to call.

    Their linked sponsor and their support-network contacts, minus anyone already in the plan
    (by name), while the plan has fewer than PLAN_PEOPLE_OFFERED people. Each has a `key` the
    urge screen posts back ("sponsor-<link id>" or "contact-<contact id>"). One query.
    """
    people = plan_content.get("people") or []
    if len(people) >= PLAN_PEOPLE_OFFERED:
        return []
    have = {(p.get("name") or "").strip().casefold() for p in people}
    offered = fellowship.people_to_call(user)
    result, seen = [], set(have)
    for person in offered:
        name = person["name"].strip().casefold()
        if name and name not in seen:
            seen.add(name)
            result.append(person)
    return result


def add_plan_person(user, key: str) -> bool:
    """Add one offered person (by key) to the relapse prevention plan's people; False if unknown."""
    plan = latest_plan(user, PlanVersion.Kind.RELAPSE)
    content = dict(plan.content) if plan else {}
    person = next((p for p in people_to_offer(user, content) if p["key"] == key), None)
    if person is None:
        return False
    content["people"] = [*(content.get("people") or []), {"name": person["name"], "phone": person["phone"]}]
    save_plan(user, PlanVersion.Kind.RELAPSE, content)
    return True


_PHONE_KEEP = re.compile(r"[^0-9+*#]")


def dial(number: str) -> str:
    """A phone number as a tel:/sms: link wants it: digits, + * # only."""
    return _PHONE_KEEP.sub("", number or "")


def mark_slips(user, entries):
    """Set `entry.slipped` on the person's own check-ins that share a day and a programme with a
    slip they logged, so the check-in reads the same as the slip log (one query). Only for the
    owner's own pages: a grantee's panel never learns of a slip this way."""
    entries = list(entries)
    days = {entry.local_date for entry in entries}
    if not days:
        return entries
    slipped = set(
        Slip.objects.filter(owner=user, local_date__in=days).order_by().values_list("program_id", "local_date")
    )
    for entry in entries:
        entry.slipped = (entry.program_id, entry.local_date) in slipped
    return entries
