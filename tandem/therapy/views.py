from django.shortcuts import render
from django.urls import reverse

from tandem.accounts.models import RoleAssignment
from tandem.accounts.security import mfa_required, role_required
from tandem.core.mail import send_neutral_mail
from tandem.sharing import services
from tandem.sharing.models import Link, LinkRole, LinkStatus

from .forms import InviteClientForm


@role_required("therapist")
@mfa_required
def caseload(request):
    links = (
        Link.objects.filter(
            member=request.user, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE, owner__is_active=True
        )
        .select_related("owner")
        .order_by("owner__display_name")
    )
    pending = Link.objects.filter(member=request.user, role=LinkRole.THERAPIST, status=LinkStatus.PENDING)
    return render(request, "therapy/caseload.html", {"links": links, "pending": pending})


@role_required("therapist")
@mfa_required
def invite_client(request):
    form = InviteClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assignment = (
            RoleAssignment.objects.filter(user=request.user, role="therapist").select_related("practice").first()
        )
        link, token = services.therapist_invites_client(
            therapist=request.user, practice=assignment.practice, email=form.cleaned_data["email"]
        )
        url = request.build_absolute_uri(reverse("invitation_landing", args=[token]))
        if form.cleaned_data["email"]:
            send_neutral_mail(
                form.cleaned_data["email"],
                "An invitation",
                f"{request.user} has invited you to connect.\n\nOpen this link to accept "
                f"(it works once, until {link.invite_expires_at:%d %B %Y}):\n{url}\n",
            )
        return render(request, "sharing/invite_made.html", {"link": link, "url": url, "token": token})
    return render(request, "therapy/invite_client.html", {"form": form})
