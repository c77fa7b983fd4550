"""The formal therapeutic disclosure, page by page. Who may see what is decided in
tandem/couple/disclosure.py; these views only ask it. Bad requests (skipping a stage, editing
a version after it was sent or marked ready, sharing a letter twice…) change nothing and say why."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from tandem.accounts.security import mfa_required, role_required, user_has_mfa
from tandem.core import crisis

from .. import disclosure as process
from .. import readiness, stages, texts
from ..forms import (
    ChoosePersonForm,
    CommentForm,
    LetterForm,
    OpenDisclosureForm,
    PolygraphForm,
    QuestionForm,
    ReadinessForm,
    ReviewForm,
    SessionForm,
    VersionForm,
)
from ..models import DisclosureVersion, PartnerQuestion, Polygraph
from .common import participant

CLIENT, THERAPIST, PARTNER, PARTNER_THERAPIST = (
    process.CLIENT,
    process.THERAPIST,
    process.PARTNER,
    process.PARTNER_THERAPIST,
)


def _back(disclosure):
    return redirect("disclosure_detail", pk=disclosure.pk)


def _try(request, action, success: str = "") -> bool:
    try:
        action()
    except process.DisclosureError as error:
        messages.error(request, str(error))
        return False
    if success:
        messages.success(request, success)
    return True


def disclosure_index(request):
    return render(request, "couple/disclosure_index.html", {"items": process.disclosures_for(request.user)})


@role_required("therapist")
@mfa_required
def disclosure_open(request):
    clients = process.client_choices(request.user)
    form = OpenDisclosureForm(request.POST or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = process.open_disclosure(therapist=request.user, client=form.cleaned_data["client"])
        except process.DisclosureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                gettext("Opened. %(name)s can now see the process and prepare.") % {"name": disclosure.owner},
            )
            return _back(disclosure)
    return render(request, "couple/disclosure_open.html", {"form": form, "has_clients": clients.exists()})


def _checklists(disclosure, role):
    result = []
    for side in ("client", "partner"):
        if side not in process.checklists_visible(role):
            continue
        if side == "partner" and not disclosure.partner_id:
            continue
        check = process.checklist(disclosure, side)
        ticked = set(check.items) if check else set()
        result.append(
            {
                "side": side,
                "who": disclosure.owner if side == "client" else disclosure.partner,
                "items": [(label, key in ticked) for key, label in readiness.items_for(side)],
                "complete": bool(check and check.completed_at),
                # The private question: the partner and the therapists only (the client never sees
                # the partner's checklist at all: checklists_visible).
                "afraid": readiness.afraid_label(check.afraid) if side == "partner" and check else "",
                "afraid_concern": side == "partner" and check is not None and check.afraid in readiness.AFRAID_CONCERN,
            }
        )
    return result


@participant()
def disclosure_detail(request, disclosure, role):
    d = disclosure
    context = {
        "d": d,
        "role": role,
        "timeline": process.timeline(d),
        "todos": process.todos(d, role),
        "events": process.visible_events(d, role),
        "checklists": _checklists(d, role),
        "versions": process.visible_versions(d, role).select_related("ready_by"),
        "final": d.final_version if process.final_text_visible(d, role) else None,
        "polygraph": Polygraph.objects.filter(disclosure=d).first() if process.polygraph_visible(d, role) else None,
        "questions_count": d.questions.count() if process.questions_visible(d, role) else None,
    }
    impact = process.impact_letter(d)
    context["impact"] = impact if process.impact_visible(impact, role) else None
    context["dv_text"] = crisis.dv_text()
    restitution = process.restitution_letter(d)
    context["restitution"] = restitution if process.restitution_visible(restitution, role) else None
    if role == CLIENT and not d.partner_id and not d.held:
        people = process.partner_choices(d.owner)
        if people.exists():
            context["partner_form"] = ChoosePersonForm(people=people, label=gettext("Your partner"))
    if role == PARTNER:
        people = process.partner_therapist_choices(request.user)
        if people.exists():
            context["support_form"] = ChoosePersonForm(people=people, label=gettext("Your therapist"))
    if role == THERAPIST:
        context["moves"] = [(target, stages.label(target), needs) for target, needs in process.next_moves(d)]
        context["back_to"] = stages.previous(
            d.stage, polygraph_recorded=Polygraph.objects.filter(disclosure=d).exists()
        )
    if role == CLIENT:
        context["draft"] = process.current_draft(d)
        context["writing_open"] = d.stage in stages.WRITING
    return render(request, "couple/disclosure_detail.html", context)


@require_POST
@participant(CLIENT)
def disclosure_partner(request, disclosure, role):
    form = ChoosePersonForm(
        request.POST, people=process.partner_choices(disclosure.owner), label=gettext("Your partner")
    )
    if not form.is_valid():
        messages.error(request, gettext("Please choose someone you're linked with as your partner."))
        return _back(disclosure)
    person = form.cleaned_data["person"]
    _try(
        request,
        lambda: process.attach_partner(disclosure, by=request.user, partner=person),
        f"{person} now takes part. They never see your drafts.",
    )
    return _back(disclosure)


@require_POST
@participant(PARTNER)
def disclosure_support(request, disclosure, role):
    form = ChoosePersonForm(
        request.POST, people=process.partner_therapist_choices(request.user), label=gettext("Your therapist")
    )
    if not form.is_valid():
        messages.error(request, gettext("Please choose a therapist you're linked with."))
        return _back(disclosure)
    person = form.cleaned_data["person"]
    _try(
        request,
        lambda: process.attach_partner_therapist(disclosure, by=request.user, therapist=person),
        f"{person} now supports you in this process.",
    )
    return _back(disclosure)


@participant(CLIENT, PARTNER)
def disclosure_readiness(request, disclosure, role):
    side = "client" if role == CLIENT else "partner"
    check = process.checklist(disclosure, side)
    initial = {"items": check.items if check else [], "afraid": check.afraid if check else ""}
    form = ReadinessForm(request.POST or None, side=side, initial=initial)
    if request.method == "POST" and form.is_valid():
        afraid = form.cleaned_data.get("afraid") if side == "partner" else None
        if _try(
            request,
            lambda: process.save_readiness(disclosure, by=request.user, keys=form.cleaned_data["items"], afraid=afraid),
        ):
            messages.success(request, gettext("Saved. Come back to it whenever you like."))
            return _back(disclosure)
    return render(
        request,
        "couple/disclosure_readiness.html",
        {"d": disclosure, "form": form, "side": side, "dv_text": crisis.dv_text()},
    )


@require_POST
@role_required("therapist")
@mfa_required
@participant(THERAPIST)
def disclosure_advance(request, disclosure, role):
    target = request.POST.get("to", "")
    _try(
        request,
        lambda: process.advance(disclosure, by=request.user, target=target),
        gettext("Moved on to “%(stage)s”.") % {"stage": stages.label(target)} if target in stages.ORDER else "",
    )
    return _back(disclosure)


@require_POST
@role_required("therapist")
@mfa_required
@participant(THERAPIST)
def disclosure_back(request, disclosure, role):
    result = {}

    def go():
        result["to"] = process.step_back(disclosure, by=request.user)

    if _try(request, go):
        messages.success(request, gettext("Back to “%(stage)s”.") % {"stage": stages.label(result["to"])})
    return _back(disclosure)


# --- versions -------------------------------------------------------------------------------


@participant(CLIENT)
def version_new(request, disclosure, role):
    draft = process.current_draft(disclosure)
    if draft is not None:
        messages.info(
            request, gettext("Version %(number)s is still being written; here it is.") % {"number": draft.number}
        )
        return redirect("disclosure_version_edit", pk=draft.pk)
    if disclosure.stage not in stages.WRITING:
        messages.error(
            request,
            gettext("Writing opens when your therapist moves the process on from preparation.")
            if disclosure.stage == stages.Stage.PREPARATION
            else gettext("The session has been held, so the disclosure can't change any more."),
        )
        return _back(disclosure)
    latest = process.latest_version(disclosure)
    form = VersionForm(request.POST or None, initial={"text": latest.text if latest else ""})
    if request.method == "POST" and form.is_valid():
        result = {}

        def start():
            result["v"] = process.start_version(disclosure, by=request.user, text=form.cleaned_data["text"])

        if _try(request, start):
            messages.success(
                request,
                gettext("Version %(number)s saved. Only you can see it until you send it.")
                % {"number": result["v"].number},
            )
            return redirect("disclosure_version", pk=result["v"].pk)
    number = (latest.number + 1) if latest else 1
    return render(request, "couple/version_form.html", {"d": disclosure, "form": form, "number": number})


def _own_version(request, pk) -> DisclosureVersion:
    version = get_object_or_404(DisclosureVersion.objects.select_related("disclosure"), pk=pk, owner=request.user)
    if process.role_in(version.disclosure, request.user) != CLIENT:
        raise Http404
    return version


def version_edit(request, pk):
    version = _own_version(request, pk)
    if not version.is_draft:
        messages.error(request, process._locked_message(version))
        return redirect("disclosure_version", pk=version.pk)
    form = VersionForm(request.POST or None, initial={"text": version.text})
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(request, lambda: process.edit_version(version, by=request.user, text=form.cleaned_data["text"]))
    ):
        messages.success(request, gettext("Saved."))
        return redirect("disclosure_version", pk=version.pk)
    return render(
        request,
        "couple/version_form.html",
        {"d": version.disclosure, "form": form, "number": version.number, "version": version},
    )


@require_POST
def version_send(request, pk):
    version = _own_version(request, pk)
    _try(
        request,
        lambda: process.send_version(version, by=request.user),
        gettext("Version %(number)s is with %(name)s now.")
        % {"number": version.number, "name": version.disclosure.therapist},
    )
    return redirect("disclosure_version", pk=version.pk)


def _readable_version(request, pk):
    found = process.version_for(request.user, pk)
    if found is None:
        raise Http404
    return found


def _sections_with_comments(version):
    comments = list(version.comments.select_related("author"))
    by_anchor: dict[str, list] = {}
    for comment in comments:
        by_anchor.setdefault(comment.anchor, []).append(comment)
    result = []
    for section in texts.sections(version.text):
        result.append(
            {
                "section": section,
                "comments": by_anchor.get(section.anchor, []),
                "paragraphs": [{"p": p, "comments": by_anchor.get(p.anchor, [])} for p in section.paragraphs],
            }
        )
    return result, by_anchor.get("", [])


def version_detail(request, pk):
    version, role = _readable_version(request, pk)
    if role == THERAPIST and not user_has_mfa(request.user):
        raise Http404
    sections, general = _sections_with_comments(version)
    d = version.disclosure
    return render(
        request,
        "couple/version_detail.html",
        {
            "d": d,
            "role": role,
            "version": version,
            "sections": sections,
            "general_comments": general,
            "comment_form": CommentForm(version_text=version.text) if role == THERAPIST else None,
            "previous": process.previous_visible(version, role),
            "is_final": d.final_version_id == version.pk,
        },
    )


def version_changes(request, pk):
    version, role = _readable_version(request, pk)
    previous = process.previous_visible(version, role)
    pieces = texts.differences(previous.text if previous else "", version.text)
    added, removed = texts.change_counts(pieces)
    return render(
        request,
        "couple/version_changes.html",
        {
            "d": version.disclosure,
            "version": version,
            "previous": previous,
            "pieces": pieces,
            "added": added,
            "removed": removed,
        },
    )


def _therapist_version(request, pk):
    version, role = _readable_version(request, pk)
    if role != THERAPIST:
        raise Http404
    return version


@require_POST
@role_required("therapist")
@mfa_required
def version_ready(request, pk):
    version = _therapist_version(request, pk)
    _try(
        request,
        lambda: process.mark_ready(version, by=request.user),
        gettext("Version %(number)s is marked ready.") % {"number": version.number},
    )
    return redirect("disclosure_version", pk=version.pk)


@require_POST
@role_required("therapist")
@mfa_required
def version_comment(request, pk):
    version = _therapist_version(request, pk)
    form = CommentForm(request.POST, version_text=version.text)
    if not form.is_valid():
        messages.error(request, gettext("Please write a comment and choose where it belongs."))
    else:
        _try(
            request,
            lambda: process.add_comment(
                version, by=request.user, anchor=form.cleaned_data["anchor"], text=form.cleaned_data["text"]
            ),
            gettext("Comment added."),
        )
    return redirect("disclosure_version", pk=version.pk)


# --- the partner's questions ----------------------------------------------------------------


@participant(THERAPIST, PARTNER, PARTNER_THERAPIST)
def disclosure_questions(request, disclosure, role):
    d = disclosure
    if not process.questions_visible(d, role):
        return render(request, "couple/disclosure_questions.html", {"d": d, "role": role, "questions": None})
    form = QuestionForm(request.POST or None) if role == PARTNER else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid() and _try(
            request, lambda: process.add_question(d, by=request.user, text=form.cleaned_data["text"]), gettext("Added.")
        ):
            return redirect("disclosure_questions", pk=d.pk)
    can_write = role == PARTNER and d.questions_released_at is None and d.stage in stages.ASKING
    return render(
        request,
        "couple/disclosure_questions.html",
        {"d": d, "role": role, "questions": d.questions.all(), "form": form if can_write else None},
    )


@require_POST
def question_delete(request, pk):
    question = get_object_or_404(
        PartnerQuestion.objects.select_related("disclosure"), pk=pk, owner=request.user, disclosure__isnull=False
    )
    if process.role_in(question.disclosure, request.user) != PARTNER:
        raise Http404
    _try(request, lambda: process.delete_question(question, by=request.user), gettext("Removed."))
    return redirect("disclosure_questions", pk=question.disclosure_id)


@require_POST
@participant(PARTNER)
def questions_release(request, disclosure, role):
    _try(
        request,
        lambda: process.release_questions(disclosure, by=request.user),
        gettext("Your questions are with %(name)s now.") % {"name": disclosure.therapist},
    )
    return redirect("disclosure_questions", pk=disclosure.pk)


# --- polygraph and session ------------------------------------------------------------------


@role_required("therapist")
@mfa_required
@participant(THERAPIST)
def disclosure_polygraph(request, disclosure, role):
    d = disclosure
    existing = Polygraph.objects.filter(disclosure=d).first()
    initial = (
        {"taken_on": existing.taken_on, "questions": existing.questions, "outcome": existing.outcome}
        if existing
        else {}
    )
    form = PolygraphForm(request.POST or None, initial=initial, today=request.user.local_today())
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            request, lambda: process.record_polygraph(d, by=request.user, **form.cleaned_data), gettext("Recorded.")
        )
    ):
        return _back(d)
    return render(
        request,
        "couple/disclosure_polygraph.html",
        {"d": d, "form": form, "open": d.stage == stages.Stage.POLYGRAPH, "existing": existing},
    )


@role_required("therapist")
@mfa_required
@participant(THERAPIST)
def disclosure_session(request, disclosure, role):
    d = disclosure
    zone = request.user.zone
    initial = {"session_at": d.session_at.astimezone(zone)} if d.session_at else {}
    form = SessionForm(request.POST or None, initial=initial, zone=zone)
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            request,
            lambda: process.schedule_session(d, by=request.user, when=form.cleaned_data["session_at"]),
            gettext("Scheduled."),
        )
    ):
        return _back(d)
    return render(request, "couple/disclosure_session.html", {"d": d, "form": form})


@require_POST
@role_required("therapist")
@mfa_required
@participant(THERAPIST)
def disclosure_held(request, disclosure, role):
    result = {}

    def hold():
        result["v"] = process.mark_held(disclosure, by=request.user)

    if _try(request, hold):
        shown = (
            gettext("%(name)s can now read it.") % {"name": disclosure.partner}
            if disclosure.hand_over and disclosure.partner_id
            else gettext("The written disclosure stays with you, as your practice's rule says.")
            if not disclosure.hand_over
            else ""
        )
        messages.success(
            request,
            gettext("The session is marked held. Version %(number)s is the final text. %(shown)s")
            % {"number": result["v"].number, "shown": shown},
        )
    return _back(disclosure)


# --- the letters ----------------------------------------------------------------------------


@participant()
def impact(request, disclosure, role):
    d = disclosure
    letter = process.impact_letter(d)
    can_write = role == PARTNER and d.held and (letter is None or letter.shared_at is None)
    form = LetterForm(request.POST or None, initial={"text": letter.text if letter else ""}) if can_write else None
    if request.method == "POST":
        if role != PARTNER:
            raise Http404
        if form is None:
            messages.error(
                request,
                gettext("You've already shared your impact letter, so it can't change now.")
                if letter and letter.shared_at
                else gettext("The impact letter comes after the session."),
            )
            return redirect("disclosure_impact", pk=d.pk)
        if form.is_valid() and _try(
            request,
            lambda: process.save_impact(d, by=request.user, text=form.cleaned_data["text"]),
            gettext("Saved. Only you (and your own therapist, if they take part) can see it until you share it."),
        ):
            return redirect("disclosure_impact", pk=d.pk)
    return render(
        request,
        "couple/impact.html",
        {"d": d, "role": role, "letter": letter if process.impact_visible(letter, role) else None, "form": form},
    )


@require_POST
@participant(PARTNER)
def impact_share(request, disclosure, role):
    _try(
        request,
        lambda: process.share_impact(disclosure, by=request.user),
        (
            gettext("Shared with %(name)s and the therapists.")
            if disclosure.partner_therapist_id
            else gettext("Shared with %(name)s and the therapist.")
        )
        % {"name": disclosure.owner},
    )
    return redirect("disclosure_impact", pk=disclosure.pk)


@require_POST
@role_required("therapist")
@mfa_required
@participant(THERAPIST)
def impact_release(request, disclosure, role):
    _try(
        request,
        lambda: process.release_impact(disclosure, by=request.user),
        gettext("Released. %(name)s can now read the letter; the process moves on to the restitution letter.")
        % {"name": disclosure.owner},
    )
    return redirect("disclosure_impact", pk=disclosure.pk)


@participant()
def restitution(request, disclosure, role):
    d = disclosure
    letter = process.restitution_letter(d)
    can_write = (
        role == CLIENT
        and d.stage == stages.Stage.RESTITUTION
        and (letter is None or letter.status == letter.Status.DRAFT)
    )
    form = LetterForm(request.POST or None, initial={"text": letter.text if letter else ""}) if can_write else None
    if request.method == "POST":
        if role != CLIENT:
            raise Http404
        if form is None:
            messages.error(
                request,
                gettext("Your letter can't change now.")
                if letter and letter.status != letter.Status.DRAFT
                else gettext(
                    "The restitution letter is written after you've read your partner's impact letter with your "
                    "therapist."
                ),
            )
            return redirect("disclosure_restitution", pk=d.pk)
        if form.is_valid() and _try(
            request,
            lambda: process.save_restitution(d, by=request.user, text=form.cleaned_data["text"]),
            gettext("Saved. Only you can see it until you send it to your therapist."),
        ):
            return redirect("disclosure_restitution", pk=d.pk)
    return render(
        request,
        "couple/restitution.html",
        {
            "d": d,
            "role": role,
            "letter": letter if process.restitution_visible(letter, role) else None,
            "form": form,
            "review_form": ReviewForm() if role == THERAPIST else None,
            "impact": process.impact_letter(d) if role == CLIENT else None,
        },
    )


@require_POST
@participant(CLIENT)
def restitution_send(request, disclosure, role):
    _try(request, lambda: process.send_restitution(disclosure, by=request.user), gettext("Sent to your therapist."))
    return redirect("disclosure_restitution", pk=disclosure.pk)


@require_POST
@role_required("therapist")
@mfa_required
@participant(THERAPIST)
def restitution_review(request, disclosure, role):
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    approve = request.POST.get("decision") == "reviewed"
    _try(
        request,
        lambda: process.review_restitution(disclosure, by=request.user, approve=approve, note=note),
        gettext("Marked reviewed.") if approve else gettext("Sent back with your note."),
    )
    return redirect("disclosure_restitution", pk=disclosure.pk)


@require_POST
@participant(CLIENT)
def restitution_share(request, disclosure, role):
    _try(request, lambda: process.share_restitution(disclosure, by=request.user), gettext("Shared with your partner."))
    return redirect("disclosure_restitution", pk=disclosure.pk)
