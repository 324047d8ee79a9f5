"""Quiz attempts: answers are checked here, on the server; the client never sees the key."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from learning.models import PointsReason, QuestionKind, QuizAttempt
from learning.services.completion import maybe_complete_lecture, quiz_is_open
from learning.services.errors import StudyError, lecture_closed_error
from learning.services.points import award_points
from learning.services.progress import fold_pending, lock_clock

QUIZ_LOCKED_MESSAGE = _lazy("The quiz opens once you have completed every section.")


def attempts_left(member, quiz):
    return max(0, quiz.max_attempts - quiz.attempts.filter(member=member).count())


def _clean_answers(quiz, answers):
    """{question id: [choice indexes]} with every question answered exactly as its kind allows."""
    if not isinstance(answers, dict):
        raise StudyError("bad_answers", _("Answers must map each question to its choices."))
    questions = list(quiz.questions.all())
    cleaned = {}
    for question in questions:
        given = answers.get(str(question.pk), answers.get(question.pk))
        if given in (None, "", []):
            raise StudyError(
                "unanswered", _("Answer every question: “%(q)s”.") % {"q": question.text}
            )
        if not isinstance(given, list):
            given = [given]
        try:
            picked = sorted({int(choice) for choice in given})
        except (TypeError, ValueError):
            raise StudyError("bad_answers", _("Choices are given by their number.")) from None
        if any(not 0 <= i < len(question.choices) for i in picked):
            raise StudyError("bad_answers", _("There is no such choice."))
        if question.kind == QuestionKind.SINGLE and len(picked) != 1:
            raise StudyError(
                "bad_answers", _("Pick exactly one choice for “%(q)s”.") % {"q": question.text}
            )
        cleaned[str(question.pk)] = picked
    unknown = {str(k) for k in answers} - set(cleaned)
    if unknown:
        raise StudyError("bad_answers", _("Some answers are for questions not in this quiz."))
    return questions, cleaned


def submit_attempt(member, quiz, answers, *, now=None):
    now = now or timezone.now()
    lecture = quiz.lecture
    fold_pending(member)  # sections completed by events still waiting count for completion
    with transaction.atomic():
        lock_clock(member)  # one attempt at a time per member, so the limit holds
        if not lecture.is_open_for_study(now):
            raise lecture_closed_error(lecture)
        if quiz.attempts.filter(member=member, passed=True).exists():
            raise StudyError("already_passed", _("You have already passed this quiz."))
        if not quiz_is_open(member, quiz):
            raise StudyError("quiz_locked", QUIZ_LOCKED_MESSAGE)
        if attempts_left(member, quiz) <= 0:
            raise StudyError(
                "no_attempts",
                _("You have used all %(n)s attempts at this quiz.") % {"n": quiz.max_attempts},
            )
        questions, cleaned = _clean_answers(quiz, answers)
        correct = sum(1 for q in questions if set(cleaned[str(q.pk)]) == q.correct_indexes)
        total = len(questions)
        score = round(100 * correct / total) if total else 0
        attempt = QuizAttempt.objects.create(
            quiz=quiz,
            member=member,
            answers=cleaned,
            correct=correct,
            total=total,
            score=score,
            passed=score >= quiz.pass_mark,
        )
        if attempt.passed:
            award_points(
                member,
                PointsReason.QUIZ_PASSED,
                f"quiz:{quiz.pk}:member:{member.pk}",
                note=quiz.title,
                now=now,
            )
            maybe_complete_lecture(member, lecture, now=now)
    return attempt
