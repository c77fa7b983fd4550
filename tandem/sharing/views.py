from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_POST

from tandem.accounts import api as accounts
from tandem.core.mail import send_neutral_mail

from . import gate, panels, scopes, services, visits
from .erasure import erase_account
from .export import export_for
from .forms import AcceptTherapistForm, CodeForm, GrantForm, InviteForm
from .models import Grant, Link, LinkRole, LinkStatus, audit


def privacy(request):
    user = request.user
    live_grants = Prefetch("grants", queryset=Grant.objects.active(), to_attr="live_grants")
    my_links = (
        Link.objects.filter(owner=user)
        .exclude(status=LinkStatus.ENDED)
        .select_related("member")
        .prefetch_related(live_grants)
    )
    their_links = (
        Link.objects.filter(member=user, status=LinkStatus.ACTIVE).select_related("owner").prefetch_related(live_grants)
    )
    looked = visits.page_for(user, request.GET.get("before"))
    return render(
        request,
        "sharing/privacy.html",
        {
            "my_links": my_links,
            "their_links": their_links,
            "looked": looked,
            "grant_form": GrantForm(),
            "scopes": scopes.all_scopes(),
        },
    )


def invite(request):
    form = InviteForm(request.POST or None, initial={"role": "partner", "scopes": scopes.defaults_for("partner")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        link, token = services.invite(
            owner=request.user,
            role=data["role"],
            created_by=request.user,
            scope_keys=data["scopes"],
            email=data["email"],
            safety_alerts=data["safety_alerts"],
        )
        url = request.build_absolute_uri(reverse("invitation_landing", args=[token]))
        if data["email"]:
            with accounts.speaking(data["email"]):  # the recipient's language (docs/i18n.md)
                send_neutral_mail(
                    data["email"],
                    gettext("An invitation"),
                    gettext(
                        "%(person)s would like to connect with you.\n\nOpen this link to accept "
                        "(it works once, until %(until)s):\n%(url)s\n"
                    )
                    % {"person": request.user, "until": dateformat.format(link.invite_expires_at, "d F Y"), "url": url},
                )
        return render(request, "sharing/invite_made.html", {"link": link, "url": url, "token": token})
    defaults = {role: scopes.defaults_for(role) for role in LinkRole.values}
    return render(
        request,
        "sharing/invite.html",
        {"form": form, "defaults": defaults},
    )


@login_not_required
def invitation_landing(request, token):
    link = services.find_invitation(token)
    if request.user.is_anonymous:
        ok = link is not None and link.invitation_open
        return render(
            request,
            "sharing/invitation.html",
            {"link": link if ok else None, "problem": "" if ok else services.invitation_problem(link, _Nobody())},
            status=200 if ok else 404,
        )
    problem = services.invitation_problem(link, request.user)
    therapist_inviting = link is not None and link.owner_id is None
    form = None
    if therapist_inviting:
        form = AcceptTherapistForm(request.POST or None, initial={"scopes": scopes.defaults_for(LinkRole.THERAPIST)})
    if request.method == "POST" and not problem and (form is None or form.is_valid()):
        try:
            accepted = services.accept(
                link,
                request.user,
                scope_keys=form.cleaned_data["scopes"] if form else None,
                safety_alerts=form.cleaned_data["safety_alerts"] if form else None,
            )
        except services.SharingError as error:
            problem = str(error)
        else:
            other = accepted.other_side(request.user)
            messages.success(request, gettext("You're now connected with %(name)s.") % {"name": other})
            return redirect("home")
    return render(
        request,
        "sharing/invitation.html",
        {
            "link": link,
            "problem": problem,
            "form": form,
            "scope_list": [scopes.get(g.scope) for g in link.grants.all() if scopes.is_known(g.scope)] if link else [],
        },
        status=200 if not problem else (404 if link is None else 400),
    )


class _Nobody:
    pk = None


def enter_code(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip().rstrip("/").rsplit("/", 1)[-1]
        if services.find_invitation(code) is None:
            form.add_error("code", gettext("That code isn't one we know. Please check it, or ask for a new one."))
        else:
            return redirect("invitation_landing", token=code)
    return render(request, "sharing/enter_code.html", {"form": form})


def _my_link(request, pk) -> Link:
    """A link the requester is a party to, or 404."""
    link = Link.objects.filter(pk=pk).first()
    if link is None or request.user.pk not in (link.owner_id, link.member_id, link.created_by_id):
        raise Http404
    return link


@require_POST
def end_link(request, pk):
    link = _my_link(request, pk)
    services.end_link(link, request.user)
    messages.success(request, gettext("That connection has ended. Nothing more is shared through it."))
    return redirect(request.POST.get("next") if request.POST.get("next") == reverse("shared_with_me") else "privacy")


@require_POST
def add_grant(request, pk):
    link = _my_link(request, pk)
    if link.owner_id != request.user.pk:
        raise Http404
    form = GrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("That isn't a kind of data we know."))
    elif not form.cleaned_data["confirmed"] and scopes.needing_confirmation(link.role, [form.cleaned_data["scope"]]):
        return render(
            request,
            "sharing/confirm_grant.html",
            {"link": link, "scope": scopes.get(form.cleaned_data["scope"]), "notice": scopes.NO_CONFIDENTIALITY},
        )
    else:
        try:
            services.grant(link, form.cleaned_data["scope"], by=request.user)
        except services.SharingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, gettext("Now shared: %(what)s.") % {"what": scopes.get(form.cleaned_data["scope"]).label}
            )
    return redirect("privacy")


@require_POST
def revoke_grant(request, pk):
    grant_obj = get_object_or_404(Grant.objects.select_related("link"), pk=pk, link__owner=request.user)
    services.revoke(grant_obj, by=request.user)
    messages.success(
        request,
        gettext("Stopped sharing: %(what)s.")
        % {"what": grant_obj.scope_info.label if grant_obj.scope_info else grant_obj.scope},
    )
    return redirect("privacy")


def shared_with_me(request):
    links = (
        Link.objects.filter(member=request.user, status=LinkStatus.ACTIVE)
        .select_related("owner")
        .prefetch_related(Prefetch("grants", queryset=Grant.objects.active(), to_attr="live_grants"))
    )
    return render(request, "sharing/shared_with_me.html", {"links": links})


@reauthentication_required
def export(request):
    if request.method == "POST":
        archive = export_for(request.user)
        audit("account.exported", actor=request.user, subject=request.user)
        response = JsonResponse(archive, json_dumps_params={"indent": 2, "ensure_ascii": False})
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
        return response
    return render(request, "sharing/export.html")


@reauthentication_required
def erase(request):
    if request.method == "POST":
        word = pgettext("the word typed to confirm deleting the account", "delete")
        if request.POST.get("confirm", "").strip().lower() not in {"delete", word.lower()}:
            messages.error(
                request, gettext('To delete your account, type the word "%(word)s" in the box.') % {"word": word}
            )
            return render(request, "sharing/erase.html", status=400)
        user = request.user
        logout(request)
        erase_account(user)
        messages.success(request, gettext("Your account and everything in it has been deleted. Take care of yourself."))
        return redirect("account_login")
    return render(request, "sharing/erase.html")


def person(request, owner_id):
    """Everything one owner shares with the requester, each scope through the gate."""
    link = (
        Link.objects.filter(member=request.user, owner_id=owner_id, status=LinkStatus.ACTIVE)
        .select_related("owner")
        .first()
    )
    if link is None or not link.owner.is_active:
        raise Http404
    owner = link.owner
    sections = []
    for scope_key in sorted(gate.visible_scopes(request.user, owner), key=_scope_order):
        if not gate.may_view(request.user, owner, scope_key, "panel"):
            continue
        panel = panels.for_scope(scope_key)
        scope = scopes.get(scope_key) if scopes.is_known(scope_key) else None
        if scope is None:
            continue
        context = panel.context(request.user, owner) if panel else {}
        sections.append({"scope": scope, "template": panel.template if panel else None, "context": context})
    return render(request, "sharing/person.html", {"owner": owner, "link": link, "sections": sections})


def _scope_order(key: str) -> int:
    keys = [s.key for s in scopes.all_scopes()]
    return keys.index(key) if key in keys else len(keys)
