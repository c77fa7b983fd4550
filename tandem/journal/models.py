"""The journal: private entries, encrypted, with an optional mood and tags.

Title, text and tags are all encrypted at rest, so the database cannot search them; search
decrypts the owner's own entries and looks through them (see search.py and bench/bench_journal.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.crypto import EncryptedJSONField, EncryptedTextField


class Mood(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


class JournalEntry(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries")
    written_on = models.DateField(help_text=_("The day this entry is about, in the writer's own time zone."))
    title = EncryptedTextField(blank=True)
    text = EncryptedTextField()
    mood = models.PositiveSmallIntegerField(choices=Mood.choices, null=True, blank=True)
    tags = EncryptedJSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-written_on", "-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-written_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mood__isnull=True) | models.Q(mood__gte=1, mood__lte=5), name="journal_mood_range"
            )
        ]

    def __str__(self):
        return f"Journal entry #{self.pk}"

    @property
    def tag_list(self) -> list[str]:
        return [str(t) for t in (self.tags or []) if str(t).strip()]
