"""Groups: a therapy group (check-ins and feedback) or a share circle (shares, no replies).

Only members and the group's therapist see a group; a member who leaves loses access on the
next request. Nothing of a member's own data reaches the group except what they write in it.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.recovery import api as recovery

from ..clients import active_links
from ..forms import CheckinPostForm, GroupForm, GroupInviteForm, JoinForm, LeaveForm, ReplyForm, SharePostForm
from ..models import Group, GroupPost, GroupReply, Membership, MemberStatus, Thanks
from ..services import TherapyError
from ..services.groups import (
    create_group,
    decline,
    hide_reply,
    invite_member,
    join,
    leave,
    moderate_post,
    post_to_group,
    reply,
    thank,
)
from ._common import posted, refused, therapist_page


def _access(request, group: Group) -> tuple[bool, Membership | None]:
    """(is the group's therapist, my active membership); 404 when neither."""
    facilitator = group.owner_id == request.user.pk
    membership = Membership.objects.filter(group=group, owner=request.user, status=MemberStatus.ACTIVE).first()
    if not facilitator and membership is None:
        raise Http404
    return facilitator, membership


def _post_for(request, pk) -> tuple[GroupPost, bool, Membership | None]:
    post = get_object_or_404(GroupPost.objects.select_related("group"), pk=pk)
    facilitator, membership = _access(request, post.group)
    return post, facilitator, membership


def groups(request):
    mine = (
        Membership.objects.filter(owner=request.user, status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED])
        .select_related("group")
        .order_by("group__name")
    )
    running = []
    if request.user.has_role("therapist"):
        running = Group.objects.filter(owner=request.user).annotate(
            members=Count("memberships", filter=Q(memberships__status=MemberStatus.ACTIVE))
        )
    return render(
        request,
        "therapy/groups.html",
        {
            "active": [m for m in mine if m.status == MemberStatus.ACTIVE],
            "invited": [m for m in mine if m.status == MemberStatus.INVITED],
            "running": running,
            "is_therapist": request.user.has_role("therapist"),
        },
    )


@therapist_page
def group_new(request):
    form = GroupForm(posted(request))
    if request.method == "POST" and form.is_valid():
        group = create_group(request.user, **form.cleaned_data)
        messages.success(request, _("Group created. Invite your clients to it."))
        return redirect("group_invite", pk=group.pk)
    return render(request, "therapy/group_form.html", {"form": form})


def _sober_days_for(user) -> int | None:
    summaries = recovery.sobriety_summary(user)
    return summaries[0].streak_days if summaries else None


def group_detail(request, pk):
    group = get_object_or_404(Group, pk=pk)
    facilitator, membership = _access(request, group)
    form = None
    if membership is not None and not group.closed_at:
        form_class = SharePostForm if group.is_circle else CheckinPostForm
        initial = {}
        if not group.is_circle and membership.fill_sober_days and request.method != "POST":
            initial["sober_days"] = _sober_days_for(request.user)
        form = form_class(posted(request), initial=initial)
    if request.method == "POST":
        if form is None:
            return refused(
                request,
                _("Only members post in a group; as its therapist you can reply and moderate.")
                if facilitator
                else _("This group is closed."),
                back=reverse("group_detail", args=[group.pk]),
            )
        if form.is_valid():
            try:
                post_to_group(membership, request.user, form.cleaned_data)
            except TherapyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Thank you for sharing.") if group.is_circle else _("Your check-in is posted.")
                )
                return redirect("group_detail", pk=group.pk)
    replies = GroupReply.objects.order_by("created_at", "pk")
    posts = list(
        GroupPost.objects.filter(group=group)
        .annotate(thanks_count=Count("thanks", distinct=True))
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("-created_at", "-pk")[:100]
    )
    for post in posts:
        post.reply_form = ReplyForm(prefix=f"reply-{post.pk}") if group.allows_replies else None
    thanked = set(Thanks.objects.filter(owner=request.user, post__group=group).values_list("post_id", flat=True))
    members = Membership.objects.filter(group=group, status=MemberStatus.ACTIVE).order_by("shown_name", "pk")
    return render(
        request,
        "therapy/group.html",
        {
            "group": group,
            "facilitator": facilitator,
            "membership": membership,
            "members": members,
            "posts": posts,
            "thanked": thanked,
            "form": form,
        },
    )


@therapist_page
def group_invite(request, pk):
    group = get_object_or_404(Group, pk=pk, owner=request.user)
    taken = set(
        Membership.objects.filter(group=group, status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED]).values_list(
            "owner_id", flat=True
        )
    )
    links = active_links(request.user).select_related("owner").order_by("owner__display_name")
    choices = [(link.owner_id, str(link.owner)) for link in links if link.owner_id not in taken]
    form = GroupInviteForm(posted(request), clients=choices)
    if request.method == "POST" and form.is_valid():
        client = next(link.owner for link in links if link.owner_id == form.cleaned_data["client"])
        try:
            invite_member(group, client, request.user)
        except TherapyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Invited %(name)s. They'll see the invitation on their home page.") % {"name": client}
            )
            return redirect("group_invite", pk=group.pk)
    memberships = Membership.objects.filter(group=group).select_related("owner").order_by("status", "shown_name")
    return render(request, "therapy/group_invite.html", {"group": group, "form": form, "memberships": memberships})


def group_join(request, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("group", "group__owner"),
        group_id=pk,
        owner=request.user,
        status=MemberStatus.INVITED,
    )
    form = JoinForm(posted(request), initial={"shown_name": str(request.user)})
    if request.method == "POST":
        if "decline" in request.POST:
            decline(membership, request.user)
            messages.success(request, _("Declined. Nothing of yours was shared."))
            return redirect("groups")
        if form.is_valid():
            join(membership, request.user, **form.cleaned_data)
            messages.success(request, _("Welcome to the group."))
            return redirect("group_detail", pk=membership.group_id)
    return render(
        request, "therapy/group_join.html", {"membership": membership, "group": membership.group, "form": form}
    )


def group_leave(request, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("group"), group_id=pk, owner=request.user, status=MemberStatus.ACTIVE
    )
    form = LeaveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        leave(membership, request.user, remove_posts=form.cleaned_data["remove_posts"])
        messages.success(
            request,
            _("You've left the group and your posts are removed.")
            if form.cleaned_data["remove_posts"]
            else _("You've left the group."),
        )
        return redirect("groups")
    return render(request, "therapy/group_leave.html", {"group": membership.group, "form": form})


@require_POST
def group_reply(request, pk):
    post, facilitator, membership = _post_for(request, pk)
    back = reverse("group_detail", args=[post.group_id])
    if not post.group.allows_replies:
        return refused(
            request,
            _(
                "A share circle has no replies — nobody comments on a share, as in a 12-Step meeting. "
                "You can say “thank you for sharing” instead."
            ),
            back=back,
        )
    form = ReplyForm({"body": request.POST.get(f"reply-{post.pk}-body", request.POST.get("body", ""))})
    if not form.is_valid():
        messages.error(request, _("Please write your feedback first."))
        return redirect(f"{back}#post-{post.pk}")
    try:
        reply(post, request.user, form.cleaned_data["body"], membership=membership)
    except TherapyError as error:
        return refused(request, str(error), back=back)
    messages.success(request, _("Your feedback is posted."))
    return redirect(f"{back}#post-{post.pk}")


@require_POST
def group_thanks(request, pk):
    post, facilitator, membership = _post_for(request, pk)
    back = reverse("group_detail", args=[post.group_id])
    try:
        thank(post, request.user, membership=membership)
    except TherapyError as error:
        return refused(request, str(error), back=back)
    return redirect(f"{back}#post-{post.pk}")


@require_POST
def group_moderate(request, pk):
    post, facilitator, membership = _post_for(request, pk)
    if not facilitator:
        raise Http404
    try:
        moderate_post(post, request.user, request.POST.get("action", ""))
    except TherapyError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('group_detail', args=[post.group_id])}#post-{post.pk}")


@require_POST
def group_reply_hide(request, pk):
    found = get_object_or_404(GroupReply.objects.select_related("post__group"), pk=pk)
    if found.post.group.owner_id != request.user.pk:
        raise Http404
    hide_reply(found, request.user, hide=request.POST.get("action", "hide") != "show")
    return redirect(f"{reverse('group_detail', args=[found.post.group_id])}#post-{found.post_id}")
