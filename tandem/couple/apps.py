from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoupleConfig(AppConfig):
    name = "tandem.couple"
    label = "couple"
    verbose_name = "Couple"

    def ready(self):
        from tandem.core import home, nav
        from tandem.sharing import export, panels, scopes

        from . import models
        from . import panels as couple_panels

        scopes.register(
            scopes.Scope(
                "trust",
                _("Safety and trust ratings"),
                _("Your weekly safety and trust ratings, as numbers and a chart — never your notes."),
            )
        )
        panels.register("trust", "couple/panels/trust.html", couple_panels.trust, order=60)

        nav.register("My room", "partner_home", roles={"partner"}, order=12, group="Today")
        nav.register("Together", "together", roles={"client", "partner"}, order=26, group="Meetings & people")
        nav.register("Disclosures", "disclosure_index", roles={"therapist"}, order=15, group="Therapy")
        nav.register("Couple work", "couple_practice", roles={"practice_admin"}, order=84, group="Practice")
        home.register("couple/_home_partner.html", roles={"partner"}, order=20)
        home.register("couple/_home_disclosure.html", roles={"client", "therapist"}, order=40)

        for model, owner_field in (
            (models.PartnerCheckIn, "owner"),
            (models.TrustRating, "owner"),
            (models.FanosPrefs, "owner"),
            (models.FanosPrep, "owner"),
            (models.FanosLog, "owner"),
            (models.Agreement, "owner"),
            (models.TellingAgreement, "owner"),
            (models.SlipTold, "owner"),
            (models.Disclosure, "owner"),
            (models.DisclosureVersion, "owner"),
            (models.DraftComment, "author"),
            (models.ReadinessCheck, "owner"),
            (models.PartnerQuestion, "owner"),
            (models.Polygraph, "owner"),
            (models.ImpactLetter, "owner"),
            (models.RestitutionLetter, "owner"),
        ):
            export.register(model, owner_field)
