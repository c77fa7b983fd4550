"""Exploring the past: the life timeline and the genogram (family map).

Everything here belongs to one owner and is private unless they share scope "timeline" or
"genogram". Relatives are third parties, so their names and notes are encrypted like any other
health free text, and nothing here is ever shown to anyone the owner has not chosen.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tandem.core.crypto import EncryptedTextField

EARLIEST_YEAR = 1800
OLDEST_AGE = 120


class EventKind(models.TextChoices):
    FAMILY = "family", pgettext_lazy("life event", "Family")
    TRAUMA = "trauma", _("Trauma or abuse")
    FIRST_EXPOSURE = "first_exposure", _("First exposure")
    RELATIONSHIPS = "relationships", _("Relationships")
    ACTING_OUT = "acting_out", _("Acting out")
    OTHER_ADDICTIONS = "other_addictions", _("Other addictions")
    RECOVERY = "recovery", pgettext_lazy("life event", "Recovery")
    LOSSES = "losses", _("Losses")
    OTHER = "other", _("Something else")


class HistoryProfile(models.Model):
    """The one fact the timeline needs to place dated events by age: the owner's birth year."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="history_profile")
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self):
        return f"History profile of {self.owner}"


class LifeEvent(models.Model):
    """One event of the life timeline: when (a date or an age, or a range), what kind, how it felt."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="life_events")
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    title = EncryptedTextField()
    description = EncryptedTextField(blank=True)
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    rating = models.SmallIntegerField(default=0, validators=[MinValueValidator(-5), MaxValueValidator(5)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date_from", "age_from", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__gte=-5, rating__lte=5), name="life_event_rating_range"),
        ]

    def __str__(self):
        return f"Life event #{self.pk}"

    def ages(self, birth_year: int | None) -> tuple[float | None, float | None]:
        """(start, end) age in years, from the age given or from the date and the birth year."""
        start = self.age_from
        end = self.age_to
        if start is None and self.date_from and birth_year:
            start = max(0, self.date_from.year - birth_year)
        if end is None and self.date_to and birth_year:
            end = max(0, self.date_to.year - birth_year)
        if end is not None and start is not None and end < start:
            end = start
        return start, end

    @property
    def when(self) -> str:
        """How the owner gave the time, in words: '12 May 1994', 'age 12–14', '1994 – 1996 (age 9)'."""
        parts = []
        if self.date_from:
            text = date_format(self.date_from, "j M Y")
            if self.date_to and self.date_to != self.date_from:
                text += " – " + date_format(self.date_to, "j M Y")
            parts.append(text)
        if self.age_from is not None:
            if self.age_to is not None and self.age_to != self.age_from:
                text = gettext("age %(start)s–%(end)s") % {"start": self.age_from, "end": self.age_to}
            else:
                text = gettext("age %(age)s") % {"age": self.age_from}
            parts.append(text if not parts else f"({text})")
        return " ".join(parts) or gettext("no date")

    @property
    def signed_rating(self) -> str:
        """How it felt, with its sign: "+3", "0", "-2"."""
        return f"+{self.rating}" if self.rating > 0 else str(self.rating)


# --- Genogram ---------------------------------------------------------------------------------


class Gender(models.TextChoices):
    MALE = "male", _("Man or male")
    FEMALE = "female", _("Woman or female")
    OTHER = "other", _("Non-binary or another gender")
    UNKNOWN = "unknown", _("Not known")


class ConditionKind(models.TextChoices):
    ALCOHOL = "alcohol", _("Alcohol addiction")
    DRUGS = "drugs", _("Drug addiction")
    CSB = "csb", _("Compulsive sexual behaviour")
    GAMBLING = "gambling", _("Gambling")
    EATING = "eating", _("Eating disorder")
    MENTAL = "mental", _("Mental illness")


CONDITION_CODES = {
    ConditionKind.ALCOHOL: "A",
    ConditionKind.DRUGS: "D",
    ConditionKind.CSB: "S",
    ConditionKind.GAMBLING: "G",
    ConditionKind.EATING: "E",
    ConditionKind.MENTAL: "M",
}


class ConditionStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("condition", "Confirmed")
    SUSPECTED = "suspected", pgettext_lazy("condition", "Suspected")
    RECOVERY = "recovery", pgettext_lazy("condition", "In recovery")


STATUS_MARKS = {ConditionStatus.CONFIRMED: "", ConditionStatus.SUSPECTED: "?", ConditionStatus.RECOVERY: "(r)"}


class Relative(models.Model):
    """One person in the owner's family map (the owner themself included, marked is_self)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relatives")
    name = EncryptedTextField(help_text=_("A name or a role, e.g. 'maternal grandfather'."))
    gender = models.CharField(max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    death_year = models.PositiveSmallIntegerField(null=True, blank=True)
    deceased = models.BooleanField(default=False)
    is_self = models.BooleanField(default=False)
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["owner"], condition=models.Q(is_self=True), name="one_self_per_genogram"),
        ]

    def __str__(self):
        return f"Relative #{self.pk}"

    @property
    def has_died(self) -> bool:
        return self.deceased or self.death_year is not None

    @property
    def years(self) -> str:
        if self.birth_year and self.death_year:
            return f"{self.birth_year}–{self.death_year}"
        if self.birth_year:
            if self.has_died:
                return gettext("b. %(year)s, died") % {"year": self.birth_year}
            return gettext("b. %(year)s") % {"year": self.birth_year}
        if self.death_year:
            return gettext("d. %(year)s") % {"year": self.death_year}
        return gettext("died") if self.has_died else ""


class Condition(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    relative = models.ForeignKey(Relative, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=10, choices=ConditionKind.choices)
    status = models.CharField(max_length=10, choices=ConditionStatus.choices, default=ConditionStatus.CONFIRMED)

    class Meta:
        ordering = ["relative_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["relative", "kind"], name="one_condition_kind_per_relative")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def code(self) -> str:
        return CONDITION_CODES[self.kind] + STATUS_MARKS[self.status]


class UnionStatus(models.TextChoices):
    MARRIED = "married", pgettext_lazy("couple", "Married")
    PARTNERED = "partnered", pgettext_lazy("couple", "Partnered")
    SEPARATED = "separated", pgettext_lazy("couple", "Separated")
    DIVORCED = "divorced", pgettext_lazy("couple", "Divorced")


class Union(models.Model):
    """Two people who are (or were) a couple."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner_a = models.ForeignKey(Relative, on_delete=models.CASCADE, related_name="+")
    partner_b = models.ForeignKey(Relative, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=UnionStatus.choices, default=UnionStatus.MARRIED)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(partner_a=models.F("partner_b")),
                name="union_of_two_people",
                violation_error_message=_("Please choose two different people."),
            ),
        ]

    def __str__(self):
        return f"Union #{self.pk}"


class ParentChild(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(Relative, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey(Relative, on_delete=models.CASCADE, related_name="parent_links")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="one_link_per_parent_and_child"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("child")), name="nobody_is_their_own_parent"),
        ]

    def __str__(self):
        return f"Parent link #{self.pk}"


class RelationshipKind(models.TextChoices):
    CLOSE = "close", pgettext_lazy("relationship", "Close")
    DISTANT = "distant", pgettext_lazy("relationship", "Distant")
    CONFLICT = "conflict", pgettext_lazy("relationship", "Conflict")
    CUTOFF = "cutoff", pgettext_lazy("relationship", "Cut off")
    ABUSE = "abuse", pgettext_lazy("relationship", "Abuse")


class Relationship(models.Model):
    """An emotional relationship line between two people (for abuse: from person_a to person_b)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person_a = models.ForeignKey(Relative, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Relative, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=RelationshipKind.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person_a=models.F("person_b")),
                name="relationship_of_two_people",
                violation_error_message=_("Please choose two different people."),
            ),
        ]

    def __str__(self):
        return f"Relationship #{self.pk}"
