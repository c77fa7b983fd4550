"""Homework: a therapist gives it (worksheet, questionnaire, reading, task); the client answers."""

from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.assessments import api as assessments
from tandem.fellowship import api as fellowship
from tandem.sharing.models import audit

from ..clients import active_links, practice_of
from ..models import Homework, HomeworkKind, HomeworkStatus, WorksheetSource
from ..templates_data import PLAN_WORKSHEET_PROMPTS
from ._common import TherapyError, one_per_line


def step_prompts(number: int) -> tuple[str, list[str]]:
    step = fellowship.step(number)
    if step is None:
        raise TherapyError(_("Please choose a step from 1 to 12."))
    return _("Step %(number)s: %(theme)s") % {"number": step.number, "theme": step.theme}, [
        str(p.text) for p in step.prompts
    ]


def assign_homework(therapist, client, data: dict) -> Homework:
    """Give homework to one of this therapist's clients. Refuses anyone else and past due dates."""
    link = active_links(therapist).filter(owner=client).select_related("practice").first()
    if link is None:
        raise TherapyError(_("That person isn't one of your clients, so you can't give them homework."))
    due_on = data.get("due_on")
    if due_on is None:
        raise TherapyError(_("Please choose a due date."))
    if due_on < client.local_today():
        raise TherapyError(_("The due date is in the past. Please choose today or a later day."))
    kind = data["kind"]
    homework = Homework(
        owner=client,
        assigned_by=therapist,
        assigned_by_name=str(therapist)[:60],
        practice=link.practice or practice_of(therapist),
        kind=kind,
        due_on=due_on,
        title=(data.get("title") or "").strip(),
        instructions=(data.get("instructions") or "").strip(),
    )
    if kind == HomeworkKind.WORKSHEET:
        source = data.get("source") or WorksheetSource.CUSTOM
        homework.source = source
        if source == WorksheetSource.STEP:
            title, prompts = step_prompts(int(data.get("step") or 0))
            homework.source_ref = str(data.get("step"))
            homework.title = homework.title or title
            homework.prompts = prompts
        elif source == WorksheetSource.PLAN:
            goal = data.get("goal")
            if goal is None or goal.owner_id != therapist.pk or goal.plan.client_id != client.pk:
                raise TherapyError(_("Please choose a goal from this client's plan."))
            homework.source_ref = str(goal.pk)
            homework.title = homework.title or _("A goal of our plan")
            homework.instructions = homework.instructions or goal.goal
            homework.prompts = [str(prompt) for prompt in PLAN_WORKSHEET_PROMPTS]
        else:
            prompts = one_per_line(data.get("prompts", ""))
            if not prompts:
                raise TherapyError(_("Please write at least one prompt, one per line."))
            homework.prompts = prompts
    elif kind == HomeworkKind.QUESTIONNAIRE:
        key = data.get("instrument") or ""
        if key not in dict(questionnaire_choices(therapist, client)):
            raise TherapyError(_("Please choose one of the questionnaires offered."))
        homework.instrument_key = key
        homework.title = homework.title or _("Questionnaire: %(name)s") % {
            "name": dict(questionnaire_choices(therapist, client))[key]
        }
    elif kind == HomeworkKind.READING:
        url = (data.get("reading_url") or "").strip()
        text = (data.get("reading_text") or "").strip()
        if not url and not text:
            raise TherapyError(_("Please add a link or a short text to read."))
        homework.reading_url = url
        homework.reading_text = text
    elif kind != HomeworkKind.TASK:
        raise TherapyError(_("Please choose what kind of homework this is."))
    if not homework.title:
        raise TherapyError(_("Please give the homework a title."))
    homework.save()
    audit("therapy.homework_assigned", actor=therapist, subject=client, homework=homework.pk, kind=kind)
    return homework


def questionnaire_choices(therapist, client) -> list[tuple[str, str]]:
    found = assessments.instruments_to_assign(therapist, client) or {}
    return [(key, instrument.short_name) for key, instrument in sorted(found.items())]


def save_answers(homework: Homework, by, *, answers: list[str], answer: str, done: bool) -> Homework:
    if homework.owner_id != by.pk:
        raise TherapyError(_("Only the person it was given to can answer it."))
    if homework.status == HomeworkStatus.WITHDRAWN:
        raise TherapyError(_("This homework was withdrawn, so there's nothing more to do."))
    if homework.prompts:
        homework.answers = [a.strip() for a in answers[: len(homework.prompts)]]
    homework.answer = (answer or "").strip()
    if done and homework.status != HomeworkStatus.DONE:
        homework.status = HomeworkStatus.DONE
        homework.completed_at = timezone.now()
    homework.save()
    return homework


def reopen(homework: Homework, by) -> None:
    if homework.owner_id != by.pk or homework.status != HomeworkStatus.DONE:
        raise TherapyError(_("Only finished homework can be opened again."))
    homework.status = HomeworkStatus.ASSIGNED
    homework.completed_at = None
    homework.save(update_fields=["status", "completed_at", "updated_at"])


def withdraw_homework(homework: Homework, by) -> None:
    if homework.assigned_by_id != by.pk:
        raise TherapyError(_("Only the therapist who gave it can withdraw it."))
    if homework.status != HomeworkStatus.ASSIGNED:
        raise TherapyError(_("Only homework still to do can be withdrawn."))
    homework.status = HomeworkStatus.WITHDRAWN
    homework.withdrawn_at = timezone.now()
    homework.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit("therapy.homework_withdrawn", actor=by, subject=homework.owner, homework=homework.pk)


def sync_questionnaires(user) -> None:
    """Questionnaire homework is done once the person completes that questionnaire after it was given."""
    open_items = list(
        Homework.objects.filter(owner=user, kind=HomeworkKind.QUESTIONNAIRE, status=HomeworkStatus.ASSIGNED)
    )
    if not open_items:
        return
    done = assessments.completion_times(user, {h.instrument_key for h in open_items})
    for homework in open_items:
        finished = [at for at in done.get(homework.instrument_key, []) if at and at >= homework.created_at]
        if finished:
            homework.status = HomeworkStatus.DONE
            homework.completed_at = min(finished)
            homework.save(update_fields=["status", "completed_at", "updated_at"])


def due_homework(user) -> list[Homework]:
    return list(Homework.objects.filter(owner=user, status=HomeworkStatus.ASSIGNED).order_by("due_on", "pk"))
