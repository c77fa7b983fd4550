"""Groups a therapist runs: share circles and therapy groups, membership, posts, replies, moderation."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.sharing.models import audit

from ..clients import active_links, practice_of
from ..models import Group, GroupKind, GroupPost, GroupReply, Membership, MemberStatus, PostKind, Thanks
from ._common import TherapyError


def create_group(therapist, *, kind: str, name: str, about: str = "") -> Group:
    if kind not in GroupKind.values:
        raise TherapyError(_("Please choose the kind of group."))
    group = Group.objects.create(
        owner=therapist, practice=practice_of(therapist), kind=kind, name=name.strip(), about=about.strip()
    )
    audit("therapy.group_created", actor=therapist, group=group.pk, kind=kind)
    return group


def invite_member(group: Group, client, by) -> Membership:
    if group.owner_id != by.pk:
        raise TherapyError(_("Only the group's therapist can invite people to it."))
    if group.closed_at:
        raise TherapyError(_("This group is closed."))
    if not active_links(by).filter(owner=client).exists():
        raise TherapyError(_("You can invite only your own clients to a group."))
    membership, created = Membership.objects.get_or_create(
        group=group, owner=client, defaults={"invited_by": by, "shown_name": str(client)[:60]}
    )
    if not created:
        if membership.status == MemberStatus.ACTIVE:
            raise TherapyError(_("%(name)s is already a member.") % {"name": client})
        if membership.status == MemberStatus.INVITED:
            raise TherapyError(_("%(name)s has already been invited.") % {"name": client})
        membership.status = MemberStatus.INVITED
        membership.invited_by = by
        membership.invited_at = timezone.now()
        membership.save(update_fields=["status", "invited_by", "invited_at"])
    audit("therapy.group_invited", actor=by, subject=client, group=group.pk)
    return membership


def join(membership: Membership, by, *, shown_name: str, fill_sober_days: bool) -> None:
    if membership.owner_id != by.pk or membership.status != MemberStatus.INVITED:
        raise TherapyError(_("This invitation isn't open any more."))
    membership.status = MemberStatus.ACTIVE
    membership.shown_name = shown_name.strip()[:60] or str(by)[:60]
    membership.fill_sober_days = fill_sober_days
    membership.joined_at = timezone.now()
    membership.left_at = None
    membership.save()
    audit("therapy.group_joined", actor=by, subject=by, group=membership.group_id)


def decline(membership: Membership, by) -> None:
    if membership.owner_id != by.pk or membership.status != MemberStatus.INVITED:
        raise TherapyError(_("This invitation isn't open any more."))
    membership.status = MemberStatus.DECLINED
    membership.save(update_fields=["status"])


def leave(membership: Membership, by, *, remove_posts: bool) -> int:
    """Leave a group: no more access from the next request; optionally take one's words along."""
    if membership.owner_id != by.pk or membership.status != MemberStatus.ACTIVE:
        raise TherapyError(_("You're not a member of this group."))
    removed = 0
    with transaction.atomic():
        membership.status = MemberStatus.LEFT
        membership.left_at = timezone.now()
        membership.save(update_fields=["status", "left_at"])
        if remove_posts:
            removed += GroupReply.objects.filter(owner=by, post__group=membership.group).delete()[0]
            removed += GroupPost.objects.filter(owner=by, group=membership.group).delete()[0]
            Thanks.objects.filter(owner=by, post__group=membership.group).delete()
        audit("therapy.group_left", actor=by, subject=by, group=membership.group_id, removed_posts=remove_posts)
    return removed


def post_to_group(membership: Membership, by, data: dict) -> GroupPost:
    if membership.owner_id != by.pk or membership.status != MemberStatus.ACTIVE:
        raise TherapyError(_("Only members can post in this group."))
    group = membership.group
    if group.closed_at:
        raise TherapyError(_("This group is closed."))
    post = GroupPost(owner=by, group=group, author_name=membership.shown_name or str(by)[:60])
    if group.kind == GroupKind.CIRCLE:
        post.kind = PostKind.SHARE
        post.body = (data.get("body") or "").strip()
        if not post.body:
            raise TherapyError(_("Please write your share first."))
    else:
        post.kind = PostKind.CHECKIN
        post.sober_days = data.get("sober_days")
        for name in ("since_last", "feelings", "work_done", "needs"):
            setattr(post, name, (data.get(name) or "").strip())
        if not any(getattr(post, n) for n in ("since_last", "feelings", "work_done", "needs")):
            raise TherapyError(_("Please write at least one part of your check-in."))
    post.save()
    return post


def reply(post: GroupPost, by, body: str, *, membership: Membership | None) -> GroupReply:
    """Feedback on a check-in. Refused in a share circle, on a closed or hidden thread, and by non-members."""
    group = post.group
    if not group.allows_replies:
        raise TherapyError(
            _(
                "A share circle has no replies — nobody comments on a share, as in a 12-Step meeting. "
                "You can say “thank you for sharing” instead."
            )
        )
    is_facilitator = group.owner_id == by.pk
    if not is_facilitator and (membership is None or membership.status != MemberStatus.ACTIVE):
        raise TherapyError(_("Only members can reply in this group."))
    if post.closed_at:
        raise TherapyError(_("The therapist has closed this thread, so it takes no more replies."))
    if post.hidden_at:
        raise TherapyError(_("This check-in is hidden, so it takes no replies."))
    body = (body or "").strip()
    if not body:
        raise TherapyError(_("Please write your feedback first."))
    name = _("Therapist") if is_facilitator else (membership.shown_name or str(by))
    return GroupReply.objects.create(owner=by, post=post, body=body, author_name=f"{name}"[:60])


def thank(post: GroupPost, by, *, membership: Membership | None) -> bool:
    if not post.group.is_circle:
        raise TherapyError(_("In a therapy group, members answer with feedback."))
    if membership is None or membership.status != MemberStatus.ACTIVE:
        raise TherapyError(_("Only members can say thank you here."))
    if post.owner_id == by.pk:
        raise TherapyError(_("That's your own share."))
    try:
        with transaction.atomic():
            Thanks.objects.create(post=post, owner=by)
    except IntegrityError:
        return False
    return True


def moderate_post(post: GroupPost, by, action: str) -> None:
    if post.group.owner_id != by.pk:
        raise TherapyError(_("Only the group's therapist can do that."))
    now = timezone.now()
    if action == "hide":
        post.hidden_at, post.hidden_by = now, by
    elif action == "show":
        post.hidden_at, post.hidden_by = None, None
    elif action == "close":
        post.closed_at = now
    elif action == "reopen":
        post.closed_at = None
    else:
        raise TherapyError(_("That isn't something we can do to a post."))
    post.save(update_fields=["hidden_at", "hidden_by", "closed_at"])
    audit("therapy.group_moderated", actor=by, group=post.group_id, post=post.pk, change=action)


def hide_reply(reply_obj: GroupReply, by, *, hide: bool = True) -> None:
    if reply_obj.post.group.owner_id != by.pk:
        raise TherapyError(_("Only the group's therapist can do that."))
    reply_obj.hidden_at = timezone.now() if hide else None
    reply_obj.hidden_by = by if hide else None
    reply_obj.save(update_fields=["hidden_at", "hidden_by"])
    audit("therapy.group_moderated", actor=by, group=reply_obj.post.group_id, reply=reply_obj.pk, hide=hide)
