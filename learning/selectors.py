"""Reads for members' pages and the API: lecture state, study record, assignments."""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from cms.members import member_of
from cms.routing import is_public, restricted_paths
from learning.models import (
    Assignment,
    CreditDecision,
    LecturePage,
    LectureProgress,
    LectureSection,
    Ledger,
    PointsEntry,
    PointsReason,
    ProgressEvent,
    Quiz,
    QuizAttempt,
    SectionProgress,
)
from learning.section_state import section_length, section_state
from xianfeng import memory

# One official study hour (学时) is a 45-minute class period.
STUDY_HOUR_SECONDS = 45 * 60


def study_url(lecture_id):
    return reverse("learning:study", args=(lecture_id,))


# The member behind a user (cms.members.member_of), under the name learning's views use.
member_for = member_of


@dataclass(frozen=True)
class SectionRule:
    """What taking in an event for a section needs to know, read in one query."""

    lecture_id: int
    kind: str
    length: float
    live: bool
    closes_at: datetime.datetime | None
    # Under a view restriction (on the lecture or an ancestor): each report then asks whether
    # the member may see the lecture (cms.routing.viewable_by); public lectures cost nothing.
    private: bool = False


# section id -> (expires at, monotonic clock; SectionRule or None)
_rules = memory.remember({}, name="section rules")
RULES_TTL_SECONDS = 10


def section_rules(section_ids):
    """{section id: SectionRule} for the given ids; unknown ids are absent.

    Remembered in the worker for RULES_TTL_SECONDS (each report needs them; they change
    only when an editor publishes) and forgotten at once when this worker sees a lecture
    published or unpublished (learning.signals). A stale rule is harmless: the event is
    checked again against the database when it is applied.
    """
    now = time.monotonic()
    found, missing = {}, []
    for pk in section_ids:
        hit = _rules.get(pk)
        if hit is not None and hit[0] > now:
            found[pk] = hit[1]
        else:
            missing.append(pk)
    if missing:
        sections = (
            LectureSection.objects.filter(pk__in=missing)
            .select_related("lecture")
            .only(
                "kind",
                "duration_seconds",
                "min_reading_seconds",
                "lecture_id",
                "lecture__live",
                "lecture__study_closes_at",
                "lecture__path",
            )
        )
        private_paths = restricted_paths()
        loaded = {
            s.pk: SectionRule(
                s.lecture_id,
                s.kind,
                section_length(s),
                s.lecture.live,
                s.lecture.study_closes_at,
                private=bool(private_paths) and not is_public(s.lecture, private_paths),
            )
            for s in sections
        }
        if len(_rules) > 5000:
            _rules.clear()
        for pk in missing:
            found[pk] = loaded.get(pk)
            _rules[pk] = (now + RULES_TTL_SECONDS, found[pk])
    return {pk: rule for pk, rule in found.items() if rule is not None}


def forget_section_rules():
    _rules.clear()


@dataclass(frozen=True)
class LectureStudy:
    """A member's state in a lecture as pages and the API show it (`state`), and the lecture's
    quiz with its questions prefetched, for the study page's form."""

    state: dict
    quiz: Quiz | None


def lecture_states(member, lectures):
    """{lecture id: state} for several lectures, in a fixed number of queries (the study
    record lists every lecture a member has started)."""
    return {pk: study.state for pk, study in lecture_studies(member, lectures).items()}


def lecture_studies(member, lectures):
    """{lecture id: LectureStudy} for several lectures, in a fixed number of queries."""
    lectures = list(lectures)
    ids = [lecture.pk for lecture in lectures]
    sections = defaultdict(list)
    for section in LectureSection.objects.filter(lecture_id__in=ids).order_by("sort_order"):
        sections[section.lecture_id].append(section)
    rows = {
        p.section_id: p for p in SectionProgress.objects.filter(member=member, lecture_id__in=ids)
    }
    progress = {
        p.lecture_id: p for p in LectureProgress.objects.filter(member=member, lecture_id__in=ids)
    }
    quizzes = {
        q.lecture_id: q
        for q in Quiz.objects.filter(lecture_id__in=ids).prefetch_related("questions")
    }
    attempts = defaultdict(list)
    for attempt in QuizAttempt.objects.filter(member=member, quiz__in=quizzes.values()):
        attempts[attempt.quiz_id].append(attempt)
    return {
        lecture.pk: LectureStudy(
            state=_state(
                lecture,
                sections[lecture.pk],
                rows,
                progress.get(lecture.pk),
                quizzes.get(lecture.pk),
                attempts,
            ),
            quiz=quizzes.get(lecture.pk),
        )
        for lecture in lectures
    }


def lecture_state(member, lecture):
    return lecture_states(member, [lecture])[lecture.pk]


def lecture_study(member, lecture) -> LectureStudy:
    return lecture_studies(member, [lecture])[lecture.pk]


def _state(lecture, sections, rows, progress, quiz, attempts):
    states = [dict(section_state(rows.get(s.pk), s), title=s.title, kind=s.kind) for s in sections]
    quiz_state = None
    if quiz:
        tries = attempts[quiz.pk]
        quiz_state = {
            "id": quiz.pk,
            "title": quiz.title,
            "pass_mark": quiz.pass_mark,
            "max_attempts": quiz.max_attempts,
            "attempts_left": max(0, quiz.max_attempts - len(tries)),
            "passed": any(a.passed for a in tries),
            "best_score": max((a.score for a in tries), default=None),
            # the same rule as learning.services.completion.quiz_is_open
            "open": quiz.open_from_start
            or bool(states)
            and all(row["completed"] for row in states),
        }
    return {
        "lecture": lecture.pk,
        "title": lecture.title,
        "open": lecture.is_open_for_study(),
        "sections": states,
        "completed": bool(progress and progress.completed_at),
        "completed_at": progress.completed_at if progress else None,
        "quiz": quiz_state,
    }


def recent_decisions(member, lecture, limit=5):
    """The member's latest decisions not to credit time in a lecture, newest first."""
    return [
        {
            "id": d.pk,
            "section": d.section_id,
            "section_title": d.section.title,
            "reason": d.reason,
            "message": str(d.get_reason_display()),
            "seconds": round(d.seconds, 1),
            "created_at": d.created_at,
        }
        for d in member.credit_decisions.filter(section__lecture=lecture).select_related("section")[
            :limit
        ]
    ]


def year_bounds(year):
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return start, timezone.make_aware(datetime.datetime(year + 1, 1, 1))


def daily_minutes(member, days=30, now=None):
    """[{date, minutes credited}] for the last `days` days, oldest first, zeros included."""
    today = timezone.localdate(now or timezone.now())
    first = today - datetime.timedelta(days=days - 1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    totals = dict(
        ProgressEvent.objects.filter(member=member, received_at__gte=start)
        .annotate(day=TruncDate("received_at"))
        .values("day")
        .annotate(seconds=Sum("credited_seconds"))
        .values_list("day", "seconds")
    )
    return [
        {
            "date": first + datetime.timedelta(days=i),
            "minutes": round((totals.get(first + datetime.timedelta(days=i)) or 0) / 60, 1),
        }
        for i in range(days)
    ]


def study_record(member, now=None):
    now = now or timezone.now()
    year = timezone.localdate(now).year
    start, end = year_bounds(year)
    seconds = (
        ProgressEvent.objects.filter(
            member=member,
            received_at__gte=start,
            received_at__lt=end,
        ).aggregate(total=Sum("credited_seconds"))["total"]
        or 0
    )
    hours = round(seconds / STUDY_HOUR_SECONDS, 2)
    quota = member.yearly_quota_hours
    started = list(
        LectureProgress.objects.filter(member=member)
        .order_by("-updated_at")
        .values_list("lecture_id", flat=True)
    )
    found = LecturePage.objects.in_bulk(started)
    states = lecture_states(member, found.values())
    lectures = []
    for lecture in (found[pk] for pk in started if pk in found):
        state = states[lecture.pk]
        done = sum(1 for s in state["sections"] if s["completed"])
        lectures.append(
            {
                "lecture": lecture.pk,
                "title": lecture.title,
                "url": lecture.url,
                "study_url": study_url(lecture.pk),
                "sections_done": done,
                "sections_total": len(state["sections"]),
                "completed": state["completed"],
                "completed_at": state["completed_at"],
                "quiz": state["quiz"],
            }
        )
    points_by_reason = defaultdict(int)
    ledgers = {Ledger.BASE: 0, Ledger.SERVICE: 0}
    for reason, ledger, points in (
        PointsEntry.objects.filter(member=member)
        .values_list("reason", "ledger")
        .annotate(Sum("points"))
    ):
        points_by_reason[reason] += points
        ledgers[ledger] += points
    return {
        "member": {
            "name": member.name,
            "organisation": member.organisation.name,
            "role": member.get_role_display(),
        },
        "year": year,
        "credited_seconds": round(seconds, 1),
        "study_hours": hours,
        "quota_hours": quota,
        "shortfall_hours": round(max(0, quota - hours), 2),
        "in_progress": [row for row in lectures if not row["completed"]],
        "completed": [row for row in lectures if row["completed"]],
        "points": {
            "base": ledgers[Ledger.BASE],
            "service": ledgers[Ledger.SERVICE],
            "total": sum(ledgers.values()),
            "by_reason": [
                {"reason": r, "label": str(PointsReason(r).label), "points": p}
                for r, p in sorted(points_by_reason.items())
            ],
        },
        "recent_entries": list(
            PointsEntry.objects.filter(member=member).select_related("reverses", "reversal")[:10]
        ),
        "decisions": list(
            CreditDecision.objects.filter(member=member).select_related("section")[:10]
        ),
        "daily_minutes": daily_minutes(member, now=now),
        "assignments": assignments_for(member, now=now),
    }


def assignments_for(member, now=None):
    """Assignments on the member's organisation or any organisation above it, soonest first."""
    today = timezone.localdate(now or timezone.now())
    path = member.organisation.path
    steplen = member.organisation.steplen
    ancestors = [path[:i] for i in range(steplen, len(path) + 1, steplen)]
    rows = []
    done = set(
        LectureProgress.objects.filter(member=member, completed_at__isnull=False).values_list(
            "lecture_id", flat=True
        )
    )
    for assignment in (
        Assignment.objects.filter(organisation__path__in=ancestors)
        .select_related("lecture", "organisation")
        .order_by("due_on", "pk")
    ):
        if not assignment.lecture.live:
            continue
        completed = assignment.lecture_id in done
        rows.append(
            {
                "id": assignment.pk,
                "lecture": assignment.lecture_id,
                "title": assignment.lecture.title,
                "study_url": study_url(assignment.lecture_id),
                "organisation": assignment.organisation.name,
                "due_on": assignment.due_on,
                "completed": completed,
                "overdue": not completed and assignment.due_on < today,
                "days_left": (assignment.due_on - today).days,
            }
        )
    return rows
