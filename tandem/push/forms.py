import json

from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .endpoints import MAX_ENDPOINT_LENGTH, EndpointRefused, check_endpoint
from .keys import b64url_decode
from .models import PushSubscription, endpoint_digest

MAX_BODY_BYTES = 8 * 1024
MALFORMED = _("This does not look like a browser's push subscription. Nothing was saved; please try again.")


class SubscriptionForm(forms.Form):
    """A browser's PushSubscription (its toJSON(): endpoint and keys) and a name for the device."""

    endpoint = forms.CharField(max_length=MAX_ENDPOINT_LENGTH, strip=False)
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)
    label = forms.CharField(max_length=60, required=False, label=_("Name this device"))
    previous_endpoint = forms.CharField(max_length=MAX_ENDPOINT_LENGTH, required=False, strip=False)
    """The endpoint this browser had before it subscribed again (a rotated key): its row goes."""

    @classmethod
    def from_json(cls, body: bytes) -> "SubscriptionForm":
        """The form bound to a fetch call's JSON body; a body of the wrong shape binds nothing and
        says so as the form's error."""
        data = _flatten(body)
        form = cls(data=data or {})
        form.malformed = data is None
        return form

    def clean_endpoint(self):
        try:
            return check_endpoint(self.cleaned_data["endpoint"])
        except EndpointRefused as refused:
            raise forms.ValidationError(str(refused)) from None

    def clean_p256dh(self):
        try:
            raw = b64url_decode(self.cleaned_data["p256dh"])
            if len(raw) != 65 or raw[0] != 4:
                raise ValueError("not an uncompressed point")
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError:
            raise forms.ValidationError(_("The device's key (p256dh) is not a P-256 public key of 65 bytes.")) from None
        return self.cleaned_data["p256dh"]

    def clean_auth(self):
        try:
            raw = b64url_decode(self.cleaned_data["auth"])
        except ValueError:
            raw = b""
        if len(raw) != 16:
            raise forms.ValidationError(_("The device's secret (auth) must be 16 bytes."))
        return self.cleaned_data["auth"]

    def clean(self):
        if getattr(self, "malformed", False):
            raise forms.ValidationError(MALFORMED)
        return super().clean()

    def first_error(self) -> str:
        if getattr(self, "malformed", False):
            return str(MALFORMED)
        for errors in self.errors.values():
            return errors[0]
        return str(MALFORMED)

    def save(self, owner, fingerprint: str) -> PushSubscription:
        data = self.cleaned_data
        previous = (
            PushSubscription.objects.filter(
                owner=owner, endpoint_digest=endpoint_digest(data["previous_endpoint"])
            ).first()
            if data["previous_endpoint"]
            else None
        )
        label = data["label"].strip() or (previous.label if previous else "")
        label = label or gettext("Device added %(date)s") % {"date": date_format(timezone.localdate(), "j M Y")}
        subscription = PushSubscription.save_for(
            owner,
            endpoint=data["endpoint"],
            p256dh=data["p256dh"],
            auth=data["auth"],
            label=label,
            fingerprint=fingerprint,
        )
        if previous and previous.pk != subscription.pk:
            previous.delete()
        return subscription


def _flatten(body: bytes) -> dict | None:
    if len(body) > MAX_BODY_BYTES:
        return None
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    keys = raw.get("keys") if isinstance(raw, dict) else None
    if not isinstance(keys, dict):
        return None
    values = {
        "endpoint": raw.get("endpoint"),
        "p256dh": keys.get("p256dh"),
        "auth": keys.get("auth"),
        "label": raw.get("label") or "",
        "previous_endpoint": raw.get("previous_endpoint") or "",
    }
    if not all(isinstance(value, str) for value in values.values()):
        return None
    return values
