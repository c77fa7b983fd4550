"""The partner's room, FANOS, agreements, and the slip-telling agreement.

The couple is a live partner link (owner: the client, member: the partner). Nothing here reads
another person's data except:
- agreements the other person chose to share with the couple (each read is logged in their
  access log), and the FANOS dates of the couple (no notes, ever);
- the client's slips for the "told in time" list, only through the gate
  (`gate.may_view(partner, client, "sobriety", "slip told in time")`), and only the slips the
  client has marked as told to the partner.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from tandem.recovery import api as recovery
from tandem.sharing import gate
from tandem.sharing.models import Link, LinkRole, LinkStatus, audit

from . import telling
from .models import Agreement, FanosLog, FanosPrefs, FanosPrep, PartnerCheckIn, SlipTold, TellingAgreement, TrustRating


class CoupleError(Exception):
    """Something that can't be done now; the message says why."""


# --- the couple -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Couple:
    link: Link
    other: object
    i_am: str
    """"client" (the link's owner) or "partner" (its member)"""

    @property
    def client(self):
        return self.link.owner

    @property
    def partner(self):
        return self.link.member


def couples_of(user) -> list[Couple]:
    links = (
        Link.objects.filter(role=LinkRole.PARTNER, status=LinkStatus.ACTIVE)
        .filter(Q(owner=user) | Q(member=user))
        .filter(owner__is_active=True, member__is_active=True)
        .select_related("owner", "member")
        .order_by("pk")
    )
    return [
        Couple(
            link,
            link.member if link.owner_id == user.pk else link.owner,
            "client" if link.owner_id == user.pk else "partner",
        )
        for link in links
    ]


def couple_link_or_none(user, link_id) -> Link | None:
    try:
        link_id = int(link_id)
    except (TypeError, ValueError):
        return None
    for couple in couples_of(user):
        if couple.link.pk == link_id:
            return couple.link
    return None


# --- the partner's check-ins and ratings ----------------------------------------------------


def save_checkin(user, day: datetime.date, **fields) -> PartnerCheckIn:
    if day > user.local_today():
        raise CoupleError(gettext("A check-in can't be for a day that hasn't come yet."))
    checkin, _ = PartnerCheckIn.objects.update_or_create(owner=user, local_date=day, defaults=fields)
    return checkin


VERY_UNSAFE = 2
"""A partner's "how safe I feel" (check-in) or "how safe I feel with my partner" (weekly rating)
at or below this, on the 0–10 scale, shows them domestic-violence help and the crisis card,
privately: the client is never told."""


def feels_very_unsafe(value) -> bool:
    return value is not None and int(value) <= VERY_UNSAFE


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def save_rating(user, *, safety: int, trust: int, note: str = "", today=None) -> TrustRating:
    today = today or user.local_today()
    for value in (safety, trust):
        if not 0 <= int(value) <= 10:
            raise CoupleError(gettext("Please choose a number from 0 to 10."))
    rating, _ = TrustRating.objects.update_or_create(
        owner=user, week_of=week_of(today), defaults={"safety": safety, "trust": trust, "note": note}
    )
    return rating


def therapist_links(user):
    """The person's own therapist links (they are the owner): for sharing their trust trend."""
    return (
        Link.objects.filter(owner=user, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE, member__is_active=True)
        .select_related("member", "practice")
        .order_by("pk")
    )


# --- FANOS ----------------------------------------------------------------------------------


def fanos_prefs(user) -> FanosPrefs:
    prefs, _ = FanosPrefs.objects.get_or_create(owner=user)
    return prefs


def save_prep(user, answers: list[dict], day=None) -> FanosPrep:
    answers = [
        {"letter": a["letter"], "word": a["word"], "text": (a.get("text") or "").strip()[:2000]} for a in answers
    ]
    if not any(a["text"] for a in answers):
        raise CoupleError(gettext("Write something under at least one letter first."))
    return FanosPrep.objects.create(owner=user, local_date=day or user.local_today(), answers=answers)


def log_fanos(user, link: Link | None, day=None) -> tuple[FanosLog, bool]:
    """Log that FANOS was done today (once per couple per day). Returns (log, created)."""
    day = day or user.local_today()
    if link is not None and user.pk not in (link.owner_id, link.member_id):
        raise CoupleError(gettext("That isn't your couple."))
    existing = FanosLog.objects.filter(local_date=day, **({"link": link} if link else {"owner": user, "link": None}))
    found = existing.first()
    if found:
        return found, False
    try:
        with transaction.atomic():
            return FanosLog.objects.create(owner=user, link=link, local_date=day), True
    except IntegrityError:
        return existing.first(), False


def fanos_logs(user):
    """FANOS dates this person sees: their own, and their couples' (whoever tapped)."""
    links = [couple.link.pk for couple in couples_of(user)]
    return FanosLog.objects.filter(Q(owner=user) | Q(link_id__in=links)).select_related("owner").order_by("-local_date")


def next_fanos(prefs: FanosPrefs, last: datetime.date | None, today: datetime.date) -> datetime.date | None:
    """When the next FANOS is due by the chosen rhythm (today if overdue); None without one."""
    interval = prefs.interval_days
    if interval is None:
        return None
    if last is None:
        return today
    return max(last + datetime.timedelta(days=interval), today)


# --- agreements -----------------------------------------------------------------------------


def agreements_visible(user) -> tuple[list[Agreement], list[Agreement]]:
    """(mine, shared with me by the other side of a live couple). Each shared read is logged."""
    mine = list(Agreement.objects.filter(owner=user).select_related("link"))
    theirs = []
    for couple in couples_of(user):
        shared = list(
            Agreement.objects.filter(owner=couple.other, link=couple.link, shared=True).select_related("owner")
        )
        if shared:
            gate.record_access(user, couple.other, "agreements", "shared agreements", link_role=couple.link.role)
        theirs.extend(shared)
    return mine, theirs


def save_agreement(user, agreement: Agreement | None, *, link, **fields) -> Agreement:
    if link is not None and user.pk not in (link.owner_id, link.member_id):
        raise CoupleError(gettext("That isn't your couple."))
    if fields.get("holder") == Agreement.Holder.MUTUAL:
        if link is None:
            raise CoupleError(
                gettext("An agreement for both of you needs your partner linked here; choose whose it is.")
            )
        fields["shared"] = True
    if fields.get("shared") and link is None:
        raise CoupleError(gettext("To share it, choose the partner to share it with."))
    if agreement is None:
        agreement = Agreement(owner=user)
    agreement.link = link
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.save()
    return agreement


# --- telling about a slip -------------------------------------------------------------------


def telling_agreement(link: Link) -> TellingAgreement | None:
    return TellingAgreement.objects.filter(link=link, ended_at__isnull=True).select_related("proposed_by").first()


def propose_telling(link: Link, *, by, hours: int, sponsor_first: bool) -> TellingAgreement:
    if by.pk not in (link.owner_id, link.member_id):
        raise CoupleError(gettext("That isn't your couple."))
    with transaction.atomic():
        current = TellingAgreement.objects.select_for_update().filter(link=link, ended_at__isnull=True).first()
        if current and current.in_force:
            raise CoupleError(
                gettext("You already have this agreement. End it first if you want to agree something new.")
            )
        if current and current.proposed_by_id != by.pk:
            raise CoupleError(
                gettext("%(name)s has already proposed one. Agree to it, or end it.") % {"name": link.other_side(by)}
            )
        if current:
            current.hours, current.sponsor_first = hours, sponsor_first
            current.save(update_fields=["hours", "sponsor_first"])
            return current
        made = TellingAgreement.objects.create(
            owner=link.owner, link=link, hours=hours, sponsor_first=sponsor_first, proposed_by=by
        )
        audit("couple.telling_proposed", actor=by, subject=link.owner, link=link.pk, hours=hours)
        return made


def agree_telling(agreement: TellingAgreement, *, by) -> None:
    link = agreement.link
    if by.pk not in (link.owner_id, link.member_id):
        raise CoupleError(gettext("That isn't your couple."))
    if agreement.ended_at is not None:
        raise CoupleError(gettext("That agreement has ended."))
    if agreement.agreed_at is not None:
        raise CoupleError(gettext("You've both already agreed to this."))
    if agreement.proposed_by_id == by.pk:
        raise CoupleError(gettext("You proposed it; it holds once %(name)s agrees.") % {"name": link.other_side(by)})
    agreement.agreed_at = timezone.now()
    agreement.save(update_fields=["agreed_at"])
    audit("couple.telling_agreed", actor=by, subject=link.owner, link=link.pk, hours=agreement.hours)


def end_telling(agreement: TellingAgreement, *, by) -> None:
    link = agreement.link
    if by.pk not in (link.owner_id, link.member_id):
        raise CoupleError(gettext("That isn't your couple."))
    if agreement.ended_at is not None:
        raise CoupleError(gettext("That agreement has already ended."))
    agreement.ended_at = timezone.now()
    agreement.save(update_fields=["ended_at"])
    audit("couple.telling_ended", actor=by, subject=link.owner, link=link.pk)


@dataclass(frozen=True)
class SlipRow:
    slip_id: int
    local_date: datetime.date
    occurred_at: datetime.datetime
    telling: telling.Telling | None
    """Whether it was told in time; None for a slip outside an agreement in force."""
    told_sponsor_at: datetime.datetime | None
    told_partner_at: datetime.datetime | None = None

    @property
    def sponsor_before_partner(self) -> bool | None:
        if self.told_sponsor_at is None or self.telling.told_at is None:
            return None
        return self.told_sponsor_at <= self.telling.told_at


def slip_rows(client, agreement: TellingAgreement, now=None) -> list[SlipRow]:
    """The client's slips since the agreement was made, each with whether it was told in time.
    Callers other than the client must have asked the gate first (see partner_telling)."""
    if not agreement.in_force:
        return []
    now = now or timezone.now()
    slips = recovery.slips_of(client, agreement.agreed_at)
    told = {t.slip_id: t for t in SlipTold.objects.filter(owner=client, slip_id__in=[s.pk for s in slips])}
    rows = []
    for slip in slips:
        record = told.get(slip.pk)
        told_at = record.told_partner_at if record else None
        if told_at is not None and told_at < slip.occurred_at:
            told_at = slip.occurred_at  # stored before a slip time was corrected: count it as at once
        rows.append(
            SlipRow(
                slip_id=slip.pk,
                local_date=slip.local_date,
                occurred_at=slip.occurred_at,
                telling=telling.told_status(slip.occurred_at, told_at, agreement.hours, now),
                told_sponsor_at=record.told_sponsor_at if record else None,
                told_partner_at=told_at,
            )
        )
    return rows


def told_rows(client, agreement: TellingAgreement | None, now=None) -> list[SlipRow]:
    """The client's own list: their recent slips, each with when they told their partner and
    their sponsor. Marking a slip told is what lets it reach the partner's view, with or without
    an agreement; slips since an agreement in force also say whether they were told in time."""
    in_time = {row.slip_id: row for row in slip_rows(client, agreement, now)} if agreement else {}
    slips = recovery.slips_of(client)
    told = {t.slip_id: t for t in SlipTold.objects.filter(owner=client, slip_id__in=[s.pk for s in slips])}
    rows = []
    for slip in slips:
        if slip.pk in in_time:
            rows.append(in_time[slip.pk])
            continue
        record = told.get(slip.pk)
        rows.append(
            SlipRow(
                slip_id=slip.pk,
                local_date=slip.local_date,
                occurred_at=slip.occurred_at,
                telling=None,
                told_sponsor_at=record.told_sponsor_at if record else None,
                told_partner_at=record.told_partner_at if record else None,
            )
        )
    return rows


def partner_telling(partner, link: Link) -> dict | None:
    """For the partner's page: the agreement and, only if the client shares sobriety with the
    partner (through the gate, logged), the told-in-time list of the slips the client has marked
    told — never a slip not told yet, whether or not its agreed time has run out (a partner never
    learns of a slip from a screen first). None: no agreement."""
    agreement = telling_agreement(link)
    if agreement is None:
        return None
    result = {"agreement": agreement, "rows": None, "shared": False}
    if agreement.in_force and gate.may_view(partner, link.owner, "sobriety", "slip told in time"):
        result["rows"] = [row for row in slip_rows(link.owner, agreement) if row.told_partner_at is not None]
        result["shared"] = True
    return result


def record_told(client, slip_id: int, *, told_partner_at, told_sponsor_at) -> SlipTold:
    slip = recovery.slip_of(client, slip_id)
    if slip is None:
        raise CoupleError(gettext("That slip isn't one of yours."))
    now = timezone.now()
    for label, value in ((gettext("your partner"), told_partner_at), (gettext("your sponsor"), told_sponsor_at)):
        if value is None:
            continue
        if value < slip.occurred_at:
            raise CoupleError(
                gettext("The time you told %(whom)s is before the slip itself. Please check it.") % {"whom": label}
            )
        if value > now + datetime.timedelta(minutes=5):
            raise CoupleError(
                gettext("The time you told %(whom)s is in the future. Please check it.") % {"whom": label}
            )
    record, _ = SlipTold.objects.update_or_create(
        owner=client,
        slip_id=slip.pk,
        defaults={"told_partner_at": told_partner_at, "told_sponsor_at": told_sponsor_at},
    )
    return record
