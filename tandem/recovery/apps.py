from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecoveryConfig(AppConfig):
    name = "tandem.recovery"
    label = "recovery"
    verbose_name = _("Recovery")

    def ready(self):
        from tandem.core import crisis, home, nav
        from tandem.sharing import export, panels, scopes

        from . import library, models
        from . import panels as recovery_panels

        nav.register(_("Today"), "recovery_dashboard", roles={"client"}, order=20, group="Today", first_run=True)
        nav.register(_("Check in"), "checkin", roles={"client"}, order=21, group="Today", first_run=True)
        nav.register(_("Circles"), "circles", roles={"client"}, order=22, group="My work", first_run=True)
        nav.register(_("My plan"), "plan", roles={"client"}, order=23, group="My work", first_run=True)
        nav.register(_("Learn"), "learn", order=80, group="My work")
        home.register("recovery/_home_today.html", roles={"client"}, order=20)
        crisis.register("recovery/_crisis_behaviour_help.html", library.crisis_page_help)

        panels.register("sobriety", "recovery/panels/sobriety.html", recovery_panels.sobriety, order=10)
        panels.register("checkins", "recovery/panels/checkins.html", recovery_panels.checkins, order=11)
        panels.register("urges", "recovery/panels/urges.html", recovery_panels.urges, order=12)
        panels.register("circles", "recovery/panels/circles.html", recovery_panels.circles, order=13)
        panels.register("plan", "recovery/panels/plan.html", recovery_panels.plan, order=14)
        scopes.register(
            scopes.Scope(
                "safety_plan",
                _("Safety plan"),
                _(
                    "Your plan for moments of thinking about ending your life: warning signs, what helps, "
                    "people and professionals to call. Off unless you turn it on."
                ),
            )
        )
        panels.register("safety_plan", "recovery/panels/safety_plan.html", recovery_panels.safety_plan, order=15)

        for model in (
            models.RecoveryProfile,
            models.Program,
            models.CircleSet,
            models.CircleItem,
            models.Trigger,
            models.CheckIn,
            models.CheckInItem,
            models.CheckInTrigger,
            models.Slip,
            models.UrgeLog,
            models.PlanVersion,
            models.CaseloadFacts,
        ):
            export.register(model, "owner")

        from . import derived

        derived.connect()
