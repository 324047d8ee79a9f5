"""A lecture is complete when every section is and its quiz (if any) is passed."""

from django.utils import timezone

from learning.models import LectureProgress, PointsReason, Quiz, QuizAttempt, SectionProgress
from learning.services.points import award_points


def sections_complete(member, lecture):
    """Whether the member has completed every section of the lecture (none: False)."""
    section_ids = set(lecture.sections.values_list("pk", flat=True))
    done = set(
        SectionProgress.objects.filter(
            member=member,
            section_id__in=section_ids,
            completed_at__isnull=False,
        ).values_list("section_id", flat=True)
    )
    return bool(section_ids) and done == section_ids


def quiz_is_open(member, quiz):
    """A quiz opens once the lecture's sections are complete, unless its editor opened it
    from the start."""
    return quiz.open_from_start or sections_complete(member, quiz.lecture)


def lecture_requirements_met(member, lecture):
    if not sections_complete(member, lecture):
        return False
    quiz = Quiz.objects.filter(lecture=lecture).first()
    if quiz is not None:
        return QuizAttempt.objects.filter(quiz=quiz, member=member, passed=True).exists()
    return True


def maybe_complete_lecture(member, lecture, *, now=None):
    """Mark the lecture complete and pay its points once. Caller holds the member's lock."""
    now = now or timezone.now()
    progress, _ = LectureProgress.objects.get_or_create(member=member, lecture=lecture)
    if progress.completed_at or not lecture_requirements_met(member, lecture):
        return False
    progress.completed_at = now
    progress.save(update_fields=["completed_at", "updated_at"])
    award_points(
        member,
        PointsReason.LECTURE_COMPLETED,
        f"lecture:{lecture.pk}:member:{member.pk}",
        points=lecture.points,
        note=lecture.title,
        now=now,
    )
    return True
