"""A practice admin's rules for couple work: the disclosure hand-over rule and FANOS wording."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from tandem.accounts.models import RoleAssignment
from tandem.accounts.security import mfa_required, role_required
from tandem.sharing.models import audit

from ..forms import PracticePolicyForm
from ..models import PracticePolicy


@role_required("practice_admin")
@mfa_required
def couple_practice(request):
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("practice"), user=request.user, role="practice_admin"
    )
    practice = assignment.practice
    policy = PracticePolicy.objects.filter(practice=practice).first() or PracticePolicy(practice=practice)
    form = PracticePolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        audit(
            "couple.practice_rules",
            actor=request.user,
            practice=practice.pk,
            hand_over_final=saved.hand_over_final,
            fanos_letters="".join(step["letter"] for step in saved.fanos_steps),
        )
        messages.success(request, gettext("Saved. New disclosure processes follow the hand-over rule from now on."))
        return redirect("couple_practice")
    return render(request, "couple/practice.html", {"form": form, "practice": practice})
