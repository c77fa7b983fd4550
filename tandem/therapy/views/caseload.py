"""The caseload and one client's page."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.accounts import api as accounts
from tandem.accounts.models import RoleAssignment
from tandem.core.mail import send_neutral_mail
from tandem.sharing import gate, panels, scopes
from tandem.sharing import services as sharing
from tandem.sharing.models import Link, LinkRole, LinkStatus

from .. import caseload as caseload_rows
from .. import flags as flag_rules
from ..clients import link_or_404
from ..forms import CaseloadFilterForm, InviteClientForm, NoteTemplateForm
from ..models import SessionNote, TreatmentPlan
from ._common import therapist_page


@therapist_page
def caseload(request):
    form = CaseloadFilterForm(request.GET or None)
    query = flag = ""
    sort = "risk"
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        flag = form.cleaned_data["flag"]
        sort = form.cleaned_data["sort"] or "risk"
    found = caseload_rows.rows(request.user, search=query)
    shown = caseload_rows.sort_rows(caseload_rows.filter_rows(found, flag), sort)
    page = Paginator(shown, caseload_rows.PAGE_SIZE).get_page(request.GET.get("page"))
    caseload_rows.complete(request.user, list(page.object_list))
    counts = caseload_rows.flag_counts(found)
    pending = Link.objects.filter(member=request.user, role=LinkRole.THERAPIST, status=LinkStatus.PENDING).count()
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "therapy/caseload.html",
        {
            "form": form,
            "rows": page.object_list,
            "page": page,
            "page_query": params.urlencode(),
            "total": len(found),
            "filtered": bool(query or flag),
            "flag_counts": [(kind, counts[kind.key]) for kind in flag_rules.KINDS],
            "pending": pending,
        },
    )


@therapist_page
def invite_client(request):
    form = InviteClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assignment = (
            RoleAssignment.objects.filter(user=request.user, role="therapist").select_related("practice").first()
        )
        link, token = sharing.therapist_invites_client(
            therapist=request.user, practice=assignment.practice, email=form.cleaned_data["email"]
        )
        url = request.build_absolute_uri(reverse("invitation_landing", args=[token]))
        if form.cleaned_data["email"]:
            with accounts.speaking(form.cleaned_data["email"]):  # the recipient's language (docs/i18n.md)
                send_neutral_mail(
                    form.cleaned_data["email"],
                    _("An invitation"),
                    _(
                        "%(name)s has invited you to connect.\n\nOpen this link to accept "
                        "(it works once, until %(until)s):\n%(url)s\n"
                    )
                    % {"name": request.user, "until": date_format(link.invite_expires_at, "d F Y"), "url": url},
                )
        return render(request, "sharing/invite_made.html", {"link": link, "url": url, "token": token})
    return render(request, "therapy/invite_client.html", {"form": form})


def _scope_order(key: str) -> int:
    keys = [s.key for s in scopes.all_scopes()]
    return keys.index(key) if key in keys else len(keys)


@therapist_page
def client(request, owner_id):
    """One client: the flags, then each shared section (each read logged by the gate), then
    the therapist's own plan, notes and actions."""
    link = link_or_404(request.user, owner_id)
    owner = link.owner
    row = caseload_rows.complete(request.user, caseload_rows.rows(request.user, owner_id=owner.pk), log=False)[0]
    sections = []
    for scope_key in sorted(gate.visible_scopes(request.user, owner), key=_scope_order):
        if not scopes.is_known(scope_key) or not gate.may_view(request.user, owner, scope_key, "client page"):
            continue
        panel = panels.for_scope(scope_key)
        sections.append(
            {
                "scope": scopes.get(scope_key),
                "template": panel.template if panel else None,
                "context": panel.context(request.user, owner) if panel else {},
            }
        )
    plan = TreatmentPlan.objects.filter(owner=request.user, client=owner).first()
    notes = list(SessionNote.objects.filter(owner=request.user, client=owner)[:5])
    try:
        questionnaires_url = reverse("assessments_client", args=[owner.pk])
    except NoReverseMatch:
        questionnaires_url = ""
    return render(
        request,
        "therapy/client.html",
        {
            "owner": owner,
            "link": link,
            "row": row,
            "sections": sections,
            "plan": plan,
            "notes": notes,
            "note_form": NoteTemplateForm(),
            "questionnaires_url": questionnaires_url,
        },
    )
