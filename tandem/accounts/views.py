from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from tandem.core import home as home_page
from tandem.core.mail import send_neutral_mail
from tandem.sharing.models import audit

from .api import chosen_language, speaking
from .forms import ProfileForm, RolesForm, StaffInvitationForm
from .models import SELF_CHOSEN_ROLES, Practice, RoleAssignment, StaffInvitation, hash_token
from .security import mfa_required, role_required


def home(request):
    user = request.user
    if not user.role_set and not user.is_superuser:
        return redirect("onboarding")
    return render(request, "accounts/home.html", {"home_sections": _home_sections(request)})


def _home_sections(request) -> list[str]:
    """Templates of the home-page sections for the roles this person holds."""
    return home_page.sections_for(request.user)


def onboarding(request):
    user = request.user
    current = [r for r in user.role_set if r in SELF_CHOSEN_ROLES]
    form = RolesForm(request.POST or None, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["roles"])
        with transaction.atomic():
            for role in chosen:
                RoleAssignment.objects.get_or_create(user=user, role=role, practice=None)
            RoleAssignment.objects.filter(user=user, practice=None).exclude(role__in=chosen).filter(
                role__in=[r.value for r in SELF_CHOSEN_ROLES]
            ).delete()
            audit("account.roles_changed", actor=user, subject=user, roles=sorted(chosen))
        messages.success(request, gettext("Thank you. You can change this any time under Your account."))
        return redirect("home")
    return render(request, "accounts/onboarding.html", {"form": form})


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit("account.profile_changed", actor=request.user, subject=request.user)
        # Said in the language just chosen, as the next page will be.
        translation.activate(chosen_language(request.user) or translation.get_language_from_request(request))
        messages.success(request, gettext("Saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


def _admin_practice(user) -> Practice:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("practice"), user=user, role="practice_admin")
    return assignment.practice


@role_required("practice_admin")
@mfa_required
def practice(request):
    practice_obj = _admin_practice(request.user)
    form = StaffInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        role = form.cleaned_data["role"]
        if RoleAssignment.objects.filter(practice=practice_obj, role=role, user__email__iexact=email).exists():
            form.add_error("email", gettext("This person already has that role in your practice."))
        else:
            invitation, token = StaffInvitation.create(
                practice=practice_obj, role=role, email=email, invited_by=request.user
            )
            url = request.build_absolute_uri(reverse("staff_invitation", args=[token]))
            with speaking(email):  # the recipient's language, not the sender's (docs/i18n.md)
                send_neutral_mail(
                    email,
                    gettext("You're invited"),
                    gettext(
                        "%(person)s has invited you to join %(practice)s.\n\n"
                        "Open this link to accept (it works once, until %(until)s):\n%(url)s\n"
                    )
                    % {
                        "person": request.user,
                        "practice": practice_obj.name,
                        "until": date_format(invitation.expires_at, "d F Y"),
                        "url": url,
                    },
                )
            audit("practice.invited", actor=request.user, practice=practice_obj.pk, role=role)
            messages.success(request, gettext("Invitation sent to %(email)s.") % {"email": email})
            return redirect("practice")
    staff = RoleAssignment.objects.filter(practice=practice_obj).select_related("user").order_by("user__display_name")
    invitations = practice_obj.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    return render(
        request,
        "accounts/practice.html",
        {"practice": practice_obj, "form": form, "staff": staff, "invitations": invitations},
    )


@role_required("practice_admin")
@mfa_required
@require_POST
def withdraw_staff_invitation(request, pk):
    practice_obj = _admin_practice(request.user)
    invitation = get_object_or_404(StaffInvitation, pk=pk, practice=practice_obj)
    if invitation.state == "open":
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit("practice.invitation_withdrawn", actor=request.user, practice=practice_obj.pk)
        messages.success(request, gettext("Invitation withdrawn."))
    return redirect("practice")


@login_not_required
def staff_invitation(request, token):
    invitation = (
        StaffInvitation.objects.filter(token_hash=hash_token(token)).select_related("practice").first()
        if len(token) <= 100
        else None
    )
    problem = _staff_invitation_problem(invitation, request.user)
    if request.method == "POST" and request.user.is_authenticated and not problem:
        with transaction.atomic():
            locked = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
            if locked.state != "open":
                messages.error(request, gettext("This invitation has already been used."))
                return redirect("home")
            request.user.add_role(locked.role, practice=locked.practice)
            locked.accepted_at = timezone.now()
            locked.accepted_by = request.user
            locked.save(update_fields=["accepted_at", "accepted_by"])
            audit(
                "practice.joined",
                actor=request.user,
                subject=request.user,
                practice=locked.practice_id,
                role=locked.role,
            )
        messages.success(request, gettext("Welcome to %(practice)s.") % {"practice": locked.practice.name})
        return redirect("home")
    status = 200 if not problem or request.user.is_anonymous else 400
    return render(
        request,
        "accounts/staff_invitation.html",
        {"invitation": invitation, "problem": problem, "token": token},
        status=status if invitation else 404,
    )


def _staff_invitation_problem(invitation, user) -> str:
    if invitation is None:
        return gettext("This invitation link isn't one we know. Please check it, or ask for a new one.")
    state = invitation.state
    if state == "accepted":
        return gettext("This invitation has already been used.")
    if state == "withdrawn":
        return gettext("This invitation was withdrawn.")
    if state == "expired":
        return gettext("This invitation has expired. Please ask your practice for a new one.")
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        return gettext(
            "This invitation was sent to a different email address than the one you're signed in with. "
            "Sign in with the invited address, or ask for a new invitation."
        )
    return ""


AFTER_MFA_SESSION_KEY = "tandem_after_mfa"


def mfa_required_notice(request):
    """Why a second sign-in step comes first, and the way to set one up."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if next_url:
        # offered again on the two-step pages, so setting one up leads back to where they were going
        request.session[AFTER_MFA_SESSION_KEY] = next_url
    return render(request, "accounts/mfa_required.html", {"next": next_url})
