from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "tandem.history"
    label = "history"
    verbose_name = _("Life timeline and family map")

    def ready(self):
        from tandem.core import nav
        from tandem.reports import sections
        from tandem.sharing import export, panels

        from . import models

        nav.register(_("Over time"), "picture", roles={"client"}, order=49, group="My work")
        nav.register(_("Timeline"), "timeline", roles={"client", "partner"}, order=50, group="My work")
        nav.register(_("Family map"), "family", roles={"client", "partner"}, order=51, group="My work")
        panels.register("timeline", "history/_panel_timeline.html", timeline_panel, order=60)
        panels.register("genogram", "history/_panel_genogram.html", genogram_panel, order=61)
        sections.register_combined("picture", _("Over time"), "history/_report_picture.html", picture_report)
        for model in (
            models.HistoryProfile,
            models.LifeEvent,
            models.Relative,
            models.Condition,
            models.Union,
            models.ParentChild,
            models.Relationship,
        ):
            export.register(model, "owner")


def picture_report(viewer, owner, period, keys):
    from . import picture

    return picture.report_section(viewer, owner, period, keys)


def timeline_panel(viewer, owner, period=None) -> dict:
    """Shown to a grantee only after the gate said yes (person page, reports)."""
    from . import services

    return services.timeline(owner, id_prefix=f"timeline-{owner.pk}")


def genogram_panel(viewer, owner, period=None) -> dict:
    from . import services

    return services.family(
        owner, id_prefix=f"genogram-{owner.pk}", heading=gettext("Family map of %(name)s") % {"name": owner}
    )
