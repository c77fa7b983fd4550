from .caseload import caseload, client, invite_client
from .groups import (
    group_detail,
    group_invite,
    group_join,
    group_leave,
    group_moderate,
    group_new,
    group_reply,
    group_reply_hide,
    group_thanks,
    groups,
)
from .homework import homework_detail, homework_list, homework_new, homework_review, homework_withdraw
from .moves import move, practice_move_withdraw, practice_moves
from .notes import note, note_addendum, note_new, note_sign, notes
from .plans import goal_edit, goal_new, plan, shared_plans

__all__ = [
    "caseload",
    "client",
    "goal_edit",
    "goal_new",
    "group_detail",
    "group_invite",
    "group_join",
    "group_leave",
    "group_moderate",
    "group_new",
    "group_reply",
    "group_reply_hide",
    "group_thanks",
    "groups",
    "homework_detail",
    "homework_list",
    "homework_new",
    "homework_review",
    "homework_withdraw",
    "invite_client",
    "move",
    "note",
    "note_addendum",
    "note_new",
    "note_sign",
    "notes",
    "plan",
    "practice_move_withdraw",
    "practice_moves",
    "shared_plans",
]
