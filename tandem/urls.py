from django.urls import include, path

urlpatterns = [
    path("", include("tandem.core.urls")),
    path("", include("tandem.accounts.urls")),
    path("", include("tandem.sharing.urls")),
    path("", include("tandem.therapy.urls")),
    path("", include("tandem.recovery.urls")),
    path("", include("tandem.fellowship.urls")),
    path("", include("tandem.assessments.urls")),
    path("", include("tandem.history.urls")),
    path("", include("tandem.journal.urls")),
    path("", include("tandem.reports.urls")),
    path("", include("tandem.couple.urls")),
    path("", include("tandem.api.urls")),
    path("", include("tandem.reminders.urls")),
    path("", include("tandem.push.urls")),
    path("fhir/", include("tandem.api.fhir_urls")),
    path("account/", include("allauth.urls")),
]
