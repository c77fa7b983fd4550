from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from tandem.core.i18n import javascript_catalogue

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
    path("jsi18n/", javascript_catalogue, name="javascript-catalog"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("account/", include("allauth.urls")),
]
