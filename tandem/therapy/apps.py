from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TherapyConfig(AppConfig):
    name = "tandem.therapy"
    label = "therapy"

    def ready(self):
        from tandem.core import home, nav
        from tandem.sharing import export, panels

        from . import home as therapist_home
        from . import models
        from . import panels as therapy_panels

        nav.register(
            _("Caseload"),
            "caseload",
            roles={"therapist"},
            order=10,
            count=therapist_home.waiting_count,
            group="Therapy",
        )
        nav.register(_("Groups"), "groups", roles={"therapist", "client"}, order=36, group="Therapy")
        nav.register(_("Homework"), "homework", roles={"client"}, order=37, group="Therapy")
        nav.register(_("Client moves"), "practice_moves", roles={"practice_admin"}, order=84, group="Practice")
        home.register("therapy/_home_therapist.html", roles={"therapist"}, order=10)
        home.register("therapy/_home_homework.html", roles={"client"}, order=30)

        panels.register("homework", "therapy/_panel_homework.html", therapy_panels.homework, order=45)

        from tandem.reports import sections as report_sections

        from . import report_sections as ours

        report_sections.register_clinical(
            "treatment_plan", _("Treatment plan"), "therapy/_report_plan.html", ours.treatment_plan, order=10
        )
        report_sections.register_clinical(
            "session_notes",
            _("Session notes"),
            "therapy/_report_notes.html",
            ours.session_notes,
            explicit=True,
            order=20,
        )

        # The therapist's own records: in the therapist's export, never in the client's.
        for model in (
            models.TreatmentPlan,
            models.PlanGoal,
            models.PlanObjective,
            models.PlanIntervention,
            models.SessionNote,
            models.NoteAddendum,
            models.Group,
            models.FlagMemory,
        ):
            export.register(model, "owner")
        # The client's (or member's) own records.
        for model in (models.Homework, models.Membership, models.GroupPost, models.GroupReply, models.Thanks):
            export.register(model, "owner")
        export.register(models.MoveProposal, "owner")

        from django.conf import settings
        from django.db.models.signals import pre_delete

        pre_delete.connect(_forget_in_flag_memory, sender=settings.AUTH_USER_MODEL, dispatch_uid="therapy_flag_memory")


def _forget_in_flag_memory(sender, instance, **kwargs):
    from .home import forget_client

    forget_client(instance)
