"""Shared helpers of the therapy views."""

from django.shortcuts import render

from tandem.accounts.security import mfa_required, role_required


def therapist_page(view):
    """A therapist's page: the role (403 without it), then two-step sign-in."""
    return role_required("therapist")(mfa_required(view))


def admin_page(view):
    return role_required("practice_admin")(mfa_required(view))


def refused(request, message: str, *, back: str = "", status: int = 400):
    """A request we won't carry out, said plainly; nothing was changed."""
    return render(request, "therapy/refused.html", {"message": message, "back": back}, status=status)


def posted(request):
    """The form data of a POST (even an empty one), or None for a GET."""
    return request.POST if request.method == "POST" else None
