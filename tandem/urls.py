from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

# The JavaScript catalogue (docs/i18n.md): every Tandem app's djangojs strings, in the language
# of the request; public, since the sign-in page's scripts speak too.
javascript_catalog = login_not_required(
    JavaScriptCatalog.as_view(packages=[app for app in settings.INSTALLED_APPS if app.startswith("tandem.")])
)

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
    path("jsi18n/", javascript_catalog, name="javascript-catalog"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("account/", include("allauth.urls")),
]
