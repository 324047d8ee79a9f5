"""A lecture is complete when every section is and its quiz (if any) is passed."""

from django.utils import timezone

from learning.models import LectureProgress, PointsReason, Quiz, QuizAttempt, SectionProgress
from learning.services.points import award_points


def lecture_requirements_met(member, lecture):
    section_ids = set(lecture.sections.values_list("pk", flat=True))
    done = set(SectionProgress.objects.filter(
        member=member, section_id__in=section_ids, completed_at__isnull=False,
    ).values_list("section_id", flat=True))
    if not section_ids or done != section_ids:
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
    award_points(member, PointsReason.LECTURE_COMPLETED,
                 f"lecture:{lecture.pk}:member:{member.pk}", points=lecture.points,
                 note=lecture.title, now=now)
    return True
