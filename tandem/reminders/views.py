from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts import api as accounts

from . import content, services
from .forms import PreferencesForm


def preferences(request):
    prefs = services.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.stopped = False  # saving the page is choosing reminders again
        saved.save()
        messages.success(request, gettext("Your reminders are saved."))
        return redirect("reminders")
    return render(request, "reminders/preferences.html", {"form": form, "prefs": prefs})


@require_POST
def stop(request):
    services.stop_all(request.user.pk)
    messages.success(request, gettext("All reminders are stopped. Save this page again to turn them back on."))
    return redirect("reminders")


@login_not_required
@require_http_methods(["GET", "POST"])
@csrf_exempt  # RFC 8058 one-click: the mail client posts without our cookie; the signed token is the proof
def stop_by_link(request, token):
    """The link in every reminder email: works without signing in. GET asks (mail scanners open
    links), POST stops — also the one-click unsubscribe of RFC 8058."""
    owner_id = content.owner_of_stop_token(token)
    if owner_id is None:
        return render(request, "reminders/stop_link.html", {"invalid": True}, status=404)
    accounts.read_in_their_language(request, accounts.person(owner_id))
    if request.method == "POST":
        services.stop_all(owner_id)
        return render(request, "reminders/stop_link.html", {"stopped": True})
    return render(request, "reminders/stop_link.html")
