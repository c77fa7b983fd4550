"""The stages of a formal therapeutic disclosure, in order, and which moves between them exist.

Pure: no database. Preconditions that need the database (a version marked ready, questions
released…) live in services.blockers().
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    DRAFTING = "drafting", _("Writing the disclosure")
    QUESTIONS = "questions", _("The partner's questions")
    POLYGRAPH = "polygraph", _("Polygraph (optional)")
    SESSION = "session", _("The session")
    IMPACT = "impact", _("Impact letter")
    RESTITUTION = "restitution", _("Emotional restitution letter")
    DONE = "done", _("Completed")


ORDER: tuple[str, ...] = tuple(Stage.values)

# Moves a therapist may make with "Move on"; SESSION -> IMPACT happens only by marking the
# session held, IMPACT -> RESTITUTION and RESTITUTION -> DONE also happen by sharing the letters.
FORWARD: dict[str, tuple[str, ...]] = {
    Stage.PREPARATION: (Stage.DRAFTING,),
    Stage.DRAFTING: (Stage.QUESTIONS,),
    Stage.QUESTIONS: (Stage.POLYGRAPH, Stage.SESSION),
    Stage.POLYGRAPH: (Stage.SESSION,),
    Stage.SESSION: (),
    Stage.IMPACT: (Stage.RESTITUTION,),
    Stage.RESTITUTION: (Stage.DONE,),
    Stage.DONE: (),
}

# Stages in which the client may still write or send versions (until the session is held).
WRITING = frozenset({Stage.DRAFTING, Stage.QUESTIONS, Stage.POLYGRAPH, Stage.SESSION})
# Stages in which the partner may still write or release questions.
ASKING = frozenset({Stage.PREPARATION, Stage.DRAFTING, Stage.QUESTIONS, Stage.POLYGRAPH})
# Stages that come after the session was held.
AFTER_SESSION = frozenset({Stage.IMPACT, Stage.RESTITUTION, Stage.DONE})


def index(stage: str) -> int:
    return ORDER.index(stage)


def label(stage: str) -> str:
    return str(Stage(stage).label)


def is_after(stage: str, other: str) -> bool:
    return index(stage) > index(other)


def can_move_forward(current: str, target: str) -> bool:
    return target in FORWARD.get(current, ())


def previous(current: str, *, polygraph_recorded: bool) -> str | None:
    """The stage a therapist may step back to (never back across a held session)."""
    if current in AFTER_SESSION or current == Stage.PREPARATION:
        return None
    before = ORDER[index(current) - 1]
    if before == Stage.POLYGRAPH and not polygraph_recorded:
        return Stage.QUESTIONS
    return before


def skip_message(current: str, target: str) -> str:
    """Why a move is not allowed, in plain words."""
    if target not in ORDER:
        return gettext("That isn't a stage of this process.")
    if target == current:
        return gettext("The process is already at “%(stage)s”.") % {"stage": label(current)}
    if index(target) < index(current):
        return gettext("That stage is already behind you. Use “Go back a step” to return to an earlier stage.")
    if current == Stage.SESSION and target == Stage.IMPACT:
        return gettext("The process moves on from the session when you mark the session held.")
    allowed = FORWARD.get(current, ())
    if not allowed:
        return gettext("There is no next stage to move to from here.")
    names = gettext(" or ").join(f"“{label(s)}”" for s in allowed)
    return gettext("Stages can't be skipped: from “%(stage)s” the next step is %(names)s.") % {
        "stage": label(current),
        "names": names,
    }
