"""Reads for the 今日学习 panel: where to continue, what is assigned, today's points against
each rule's daily cap, and the streak of study days. A handful of indexed queries, all on the
member's own rows, so the home page stays cheap for a signed-in member."""

import datetime

from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from learning.models import (
    PointsEntry,
    PointsReason,
    PointsRule,
    SectionProgress,
    StoryReading,
    StudyCredit,
)
from learning.section_state import resume_position, section_length
from learning.selectors import assignments_for, study_url
from learning.services.points import DEFAULT_RULES, day_bounds

STREAK_WINDOW_DAYS = 400  # a streak longer than this shows as this (one bounded query)
ASSIGNMENTS_SHOWN = 3


def continue_point(member):
    """The section the member last studied and has not completed, with where to resume it:
    a link straight to the section (its anchor) on the study page, which resumes the player
    or the reading clock at the position itself. None when nothing is in progress."""
    row = (
        SectionProgress.objects.filter(member=member, completed_at__isnull=True, lecture__live=True)
        .select_related("section", "lecture")
        .order_by("-updated_at", "-pk")
        .first()
    )
    if row is None:
        return None
    section, length = row.section, section_length(row.section)
    position = resume_position(row, section)
    number = section.lecture.sections.filter(sort_order__lt=section.sort_order).count() + 1
    return {
        "lecture_title": row.lecture.title,
        "section_title": section.title,
        "section_number": number,
        "kind": section.get_kind_display(),
        "position": position,
        "position_text": "{}:{:02d}".format(*divmod(int(position), 60)),
        "percent": min(100, int(100 * row.covered_seconds / length)) if length else 0,
        "url": f"{study_url(row.lecture_id)}#section-{section.pk}",
    }


def points_today(member, now=None):
    """[{reason, label, points, cap}] for every rule with a daily cap, and any other reason
    that paid today; points earned today, reversed entries left out (as the cap counts them)."""
    start, end = day_bounds(now or timezone.now())
    earned = dict(
        PointsEntry.objects.filter(
            member=member,
            created_at__gte=start,
            created_at__lt=end,
            reversal__isnull=True,
            reverses__isnull=True,
        )
        .values_list("reason")
        .annotate(total=Sum("points"))
        .order_by()
    )
    caps = {reason: cap for reason, (_ledger, _points, cap) in DEFAULT_RULES.items()}
    caps.update(dict(PointsRule.objects.values_list("reason", "daily_cap")))
    rows = []
    for reason in PointsReason:
        # Spending (兑换) and corrections are not earnings of the day.
        if reason in (PointsReason.REDEMPTION, PointsReason.REVERSAL):
            continue
        if reason not in caps and reason not in earned:
            continue
        cap, points = caps.get(reason), earned.get(reason, 0)
        rows.append(
            {
                "reason": reason.value,
                "label": str(reason.label),
                "points": points,
                "cap": cap,
                "percent": min(100, int(100 * points / cap)) if cap else 0,
            }
        )
    return rows


def study_days(member, *, today, days=STREAK_WINDOW_DAYS):
    """The local dates on which the member was credited study time (StudyCredit, the one
    record of credited time: lectures and on-site sessions alike)."""
    first = today - datetime.timedelta(days=days)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    return set(
        StudyCredit.objects.filter(member=member, credited_at__gte=start, seconds__gt=0)
        .annotate(day=TruncDate("credited_at"))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )


def study_streak(member, now=None):
    """{days, today}: consecutive study days up to today; a streak that reached yesterday
    still counts (today is not over), with today=False saying today's study is still due."""
    today = timezone.localdate(now or timezone.now())
    days = study_days(member, today=today)
    studied_today = today in days
    day, count = (today if studied_today else today - datetime.timedelta(days=1)), 0
    while day in days:
        count += 1
        day -= datetime.timedelta(days=1)
    return {"days": count, "today": studied_today}


def today_panel(member, now=None):
    now = now or timezone.now()
    start, end = day_bounds(now)
    due = [row for row in assignments_for(member, now=now) if not row["completed"]]
    points = points_today(member, now)
    return {
        "continue": continue_point(member),
        "assignments": due[:ASSIGNMENTS_SHOWN],
        "more_assignments": max(0, len(due) - ASSIGNMENTS_SHOWN),
        "points": points,
        "points_total": sum(row["points"] for row in points),
        "streak": study_streak(member, now),
        "stories_read": StoryReading.objects.filter(
            member=member, completed_at__gte=start, completed_at__lt=end
        ).count(),
    }
