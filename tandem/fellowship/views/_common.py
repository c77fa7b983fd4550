from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def back(request, default: str, *args):
    """Redirect to a same-site `next` the form carried, or to `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return redirect(target)
    return redirect(default, *args)
