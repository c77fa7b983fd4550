"""Step work (the owner's worksheets) and the sponsor's view of it, through the sharing gate."""

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import User
from tandem.accounts.security import mfa_required, role_required
from tandem.sharing import gate, scopes
from tandem.sharing.models import audit

from .. import programs, services
from .. import steps as step_texts
from ..forms import CommentForm, PrefsForm
from ..models import StepAnswer, StepComment, StepProgress, StepStatus

ANSWER_MAX = 20000


def _step_or_404(number):
    step = step_texts.get(int(number))
    if step is None:
        raise Http404
    return step


class WorksheetForm(forms.Form):
    def __init__(self, *args, step, secular: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for prompt in step.prompts:
            self.fields[f"answer_{prompt.key}"] = forms.CharField(
                label=prompt.wording(secular),
                required=False,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        self.fields["status"] = forms.ChoiceField(label=_("Where you are with this step"), choices=StepStatus.choices)


def steps(request):
    user = request.user
    progress = {p.step: p for p in StepProgress.objects.filter(owner=user)}
    threads = dict(
        StepComment.objects.filter(owner=user).values("step").annotate(n=Count("id")).values_list("step", "n")
    )
    rows = [
        {
            "step": step,
            "intro": step.intro(user.secular_wording),
            "progress": progress.get(step.number),
            "comments": threads.get(step.number, 0),
        }
        for step in step_texts.STEPS
    ]
    return render(
        request,
        "fellowship/steps.html",
        {
            "rows": rows,
            "prefs_form": PrefsForm(initial={"secular_language": user.secular_wording}),
            "sites": programs.FELLOWSHIP_SITES,
        },
    )


@require_POST
def step_prefs(request):
    form = PrefsForm(request.POST)
    if form.is_valid():
        request.user.secular_wording = form.cleaned_data["secular_language"]
        request.user.save(update_fields=["secular_wording"])
        messages.success(request, _("Saved. Tandem now uses the wording you chose, here and everywhere else."))
    return redirect("steps")


def step_detail(request, number):
    user = request.user
    step = _step_or_404(number)
    answers = {a.prompt: a for a in StepAnswer.objects.filter(owner=user, step=step.number)}
    progress = StepProgress.objects.filter(owner=user, step=step.number).first()
    initial = {f"answer_{key}": answer.text for key, answer in answers.items()}
    initial["status"] = progress.status if progress else StepStatus.NOT_STARTED
    form = WorksheetForm(request.POST or None, initial=initial, step=step, secular=user.secular_wording)
    if request.method == "POST" and form.is_valid():
        ready = request.POST.get("action") == "ready"
        today = user.local_today()
        wrote = False
        for prompt in step.prompts:
            text = form.cleaned_data[f"answer_{prompt.key}"].strip()
            answer = answers.get(prompt.key)
            if answer is None and not text:
                continue
            wrote = wrote or bool(text)
            if answer is None:
                StepAnswer.objects.create(
                    owner=user, step=step.number, prompt=prompt.key, text=text, is_draft=not ready
                )
            elif answer.text != text or answer.is_draft == ready:
                answer.text = text
                answer.is_draft = not ready
                answer.save(update_fields=["text", "is_draft", "updated_at"])
        status = form.cleaned_data["status"]
        if wrote and status == StepStatus.NOT_STARTED:
            status = StepStatus.WORKING
        progress = progress or StepProgress(owner=user, step=step.number)
        progress.status = status
        if status != StepStatus.NOT_STARTED and progress.started_on is None:
            progress.started_on = today
        progress.completed_on = (progress.completed_on or today) if status == StepStatus.DONE else None
        progress.save()
        if ready:
            messages.success(request, _("Saved and ready to talk over. Whoever you share step work with can read it."))
        else:
            messages.success(request, _("Draft saved. Drafts stay with you until you mark them ready."))
        return redirect("step_detail", step.number)
    return render(
        request,
        "fellowship/step.html",
        {
            "step": step,
            "intro": step.intro(user.secular_wording),
            "form": form,
            "progress": progress,
            "answers": answers,
            "comments": StepComment.objects.filter(owner=user, step=step.number),
            "comment_form": CommentForm(),
            "owner": user,
            "sites": programs.FELLOWSHIP_SITES,
        },
    )


# --- Sponsor view ---------------------------------------------------------------------------------


@role_required("sponsor")
@mfa_required
def sponsees(request):
    """Everyone who shares something with this person as their sponsor, and exactly what."""
    viewer = request.user
    shared = gate.scopes_by_owner(viewer, role="sponsor")  # one query for everyone
    every = scopes.all_scopes()
    people = [
        {"owner": owner, "scopes": [scope for scope in every if scope.key in shared[owner.pk]]}
        for owner in User.objects.filter(pk__in=list(shared), is_active=True)
    ]
    rows = sorted(people, key=lambda p: str(p["owner"]).lower())
    for row in rows:
        row["stepwork"] = any(scope.key == "stepwork" for scope in row["scopes"])
    return render(request, "fellowship/sponsees.html", {"rows": rows})


def sponsee_steps(request, owner_id):
    owner = gate.shared_owner_or_404(request.user, owner_id, "stepwork", "step work")
    progress = {p.step: p for p in StepProgress.objects.filter(owner=owner)}
    ready = dict(
        StepAnswer.objects.filter(owner=owner, is_draft=False)
        .exclude(text="")
        .values("step")
        .annotate(n=Count("id"))
        .values_list("step", "n")
    )
    threads = dict(
        StepComment.objects.filter(owner=owner).values("step").annotate(n=Count("id")).values_list("step", "n")
    )
    rows = [
        {
            "step": step,
            "progress": progress.get(step.number),
            "ready": ready.get(step.number, 0),
            "comments": threads.get(step.number, 0),
        }
        for step in step_texts.STEPS
    ]
    return render(
        request,
        "fellowship/sponsee_steps.html",
        {
            "owner": owner,
            "rows": rows,
            "any_ready": bool(ready),
            "nothing_ready": _("%(name)s hasn't marked any step work ready to talk over yet.") % {"name": owner},
        },
    )


def sponsee_step(request, owner_id, number):
    step = _step_or_404(number)
    owner = gate.shared_owner_or_404(request.user, owner_id, "stepwork", f"step {step.number}")
    secular = owner.secular_wording
    answers = {
        a.prompt: a for a in StepAnswer.objects.filter(owner=owner, step=step.number, is_draft=False).exclude(text="")
    }
    shown = [
        {"prompt": prompt.wording(secular), "answer": answers[prompt.key]}
        for prompt in step.prompts
        if prompt.key in answers and answers[prompt.key].text
    ]
    return render(
        request,
        "fellowship/sponsee_step.html",
        {
            "owner": owner,
            "step": step,
            "intro": step.intro(secular),
            "shown": shown,
            "progress": StepProgress.objects.filter(owner=owner, step=step.number).first(),
            "comments": StepComment.objects.filter(owner=owner, step=step.number),
            "comment_form": CommentForm(),
        },
    )


@require_POST
def step_comment(request, owner_id, number):
    step = _step_or_404(number)
    viewer = request.user
    owner = gate.shared_owner_or_404(viewer, owner_id, "stepwork", f"step {step.number} thread")
    form = CommentForm(request.POST)
    if form.is_valid():
        _comment, created = services.save_once(
            StepComment,
            owner,
            form.cleaned_data["client_token"],
            step=step.number,
            author=viewer,
            author_name=str(viewer)[:60],
            body=form.cleaned_data["body"].strip(),
        )
        if created:
            if viewer.pk != owner.pk:
                audit("fellowship.step_comment", actor=viewer, subject=owner, step=step.number)
            messages.success(request, _("Your message is in the thread."))
    else:
        messages.error(request, _("Please write something first."))
    if viewer.pk == owner.pk:
        return redirect("step_detail", step.number)
    return redirect("sponsee_step", owner.pk, step.number)
