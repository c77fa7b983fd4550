"""The devices page (/me/devices/): the person's devices that receive reminders, add this one,
remove one, send a test."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tandem.sharing.models import audit

from . import api
from .forms import SubscriptionForm
from .keys import server_key_or_none
from .models import PushSubscription

TEST_TITLE = _("You have a reminder")
TEST_BODY = _("This is the test you asked for. Reminders will look like this.")


def devices(request):
    key = server_key_or_none()
    listed = api.devices_of(request.user)
    for device in listed:
        device.stale = device.needs_renewal(key.fingerprint if key else None)
    return render(
        request,
        "push/devices.html",
        {
            "devices": listed,
            "public_key": key.public_key if key else "",
            "any_stale": any(device.stale for device in listed),
            "form": SubscriptionForm(),
        },
    )


@require_POST
def subscribe(request):
    """Called by push-subscribe.js with the browser's subscription as JSON."""
    key = server_key_or_none()
    if key is None:
        return JsonResponse({"error": gettext("Reminders on devices are not set up on this server.")}, status=400)
    form = SubscriptionForm.from_json(request.body)
    if not form.is_valid():
        return JsonResponse({"error": form.first_error()}, status=400)
    device = form.save(request.user, key.fingerprint)
    audit("push.device_added", actor=request.user, subject=request.user, device=device.pk)
    return JsonResponse({"id": device.pk, "label": device.label}, status=201)


@require_POST
def remove(request, pk):
    device = get_object_or_404(PushSubscription, pk=pk, owner=request.user)
    label = str(device)
    device.delete()
    audit("push.device_removed", actor=request.user, subject=request.user, device=pk)
    messages.success(request, gettext("“%(device)s” will get no more reminders.") % {"device": label})
    return redirect("push_devices")


@require_POST
def send_test(request):
    # The person asking is the one who reads it: the page's language is theirs.
    reached = api.send_to_person(
        request.user, title=str(TEST_TITLE), body=str(TEST_BODY), url="/me/devices/", tag="test"
    )
    if reached:
        text = ngettext(
            "A test reminder went to %(count)s device.", "A test reminder went to %(count)s devices.", reached
        )
        messages.success(request, text % {"count": reached})
    else:
        messages.info(
            request, gettext("No device took the test reminder. Turn reminders on for this device, then try again.")
        )
    return redirect("push_devices")
