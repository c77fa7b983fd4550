from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FellowshipConfig(AppConfig):
    name = "tandem.fellowship"
    label = "fellowship"
    verbose_name = _("Fellowship")

    def ready(self):
        from django.db.models.signals import pre_delete

        from tandem.core import home, nav
        from tandem.sharing import export, panels

        from . import models, signals
        from . import panels as panel_context

        nav.register(
            _("Meetings"), "schedule", roles={"client", "partner"}, order=30, group="Meetings & people", first_run=True
        )
        nav.register(_("Reaching out"), "outreach", roles={"client", "partner"}, order=32, group="Meetings & people")
        nav.register(_("Steps"), "steps", roles={"client", "partner"}, order=34, group="My work")
        nav.register(_("Sponsees"), "sponsees", roles={"sponsor"}, order=62, group="Meetings & people")
        nav.register(_("Meeting feeds"), "feeds_admin", roles={"practice_admin"}, order=82, group="Practice")

        home.register("fellowship/_home_today.html", roles={"client", "partner"}, order=20)

        panels.register("meetings", "fellowship/_panel_meetings.html", panel_context.meetings)
        panels.register("outreach", "fellowship/_panel_outreach.html", panel_context.outreach)
        panels.register("stepwork", "fellowship/_panel_stepwork.html", panel_context.stepwork)

        for model in (
            models.FellowshipPrefs,
            models.SavedPlace,
            models.ScheduleEntry,
            models.Attendance,
            models.Contact,
            models.Outreach,
            models.StepProgress,
            models.StepAnswer,
            models.StepComment,
        ):
            export.register(model, "owner")
        export.register(models.CalendarToken, "owner", exclude=("token_hash",))
        export.register(models.AttendanceRecord, "owner", exclude=("code_hash", "pdf_file"))
        signals.connect()

        from django.conf import settings

        pre_delete.connect(
            _forget_comments_by, sender=settings.AUTH_USER_MODEL, dispatch_uid="fellowship_forget_comments"
        )


def _forget_comments_by(sender, instance, **kwargs):
    """A person who deletes their account takes their words with them, in others' threads too."""
    from .models import StepComment

    StepComment.objects.filter(author=instance).exclude(owner=instance).delete()
