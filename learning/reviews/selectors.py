"""Reads of 民主评议 and of the pledges awaiting the branch's review.

What each reader may see:
- a member: their own participation, which colleagues they have rated (their own marks only),
  their own final grade and the committee's opinion once results are published;
- the secretaries above the review's organisation: every participant's self-assessment,
  opinion and final grade, and the peer counts per member once rating has closed (never
  while it is open, so counts cannot be watched between ratings), and overall progress;
- nobody: which grade a rater gave (models.py: the tables do not hold it).
"""

from django.db.models import Count, Q, Sum

from cms.pledges.models import BranchVerdict, Pledge, PledgeStatus
from learning.reviews.models import (
    Grade,
    Participant,
    PeerTally,
    RatingMark,
    Review,
    ReviewStatus,
)

GRADE_ORDER = list(Grade.values)


def grade_counts(rows) -> list[dict]:
    """[{grade, label, count}] in the grades' order from {grade: count}."""
    return [
        {"grade": grade, "label": Grade(grade).label, "count": rows.get(grade, 0)}
        for grade in GRADE_ORDER
    ]


# --- a member -----------------------------------------------------------------------------


def member_reviews(*, member) -> list[dict]:
    """The member's reviews, newest first: what they wrote, whom they may still rate, and
    their own result once published."""
    participations = list(
        Participant.objects.filter(member=member)
        .select_related("review", "review__organisation")
        .order_by("-review__year", "-review_id")
    )
    rated = set(
        RatingMark.objects.filter(rater__in=participations).values_list("ratee_id", flat=True)
    )
    out = []
    for own in participations:
        review = own.review
        colleagues = []
        if review.status == ReviewStatus.OPEN:
            colleagues = [
                {"id": other.pk, "name": other.member.name, "rated": other.pk in rated}
                for other in Participant.objects.filter(review=review)
                .exclude(pk=own.pk)
                .select_related("member")
                .order_by("member__name", "pk")
            ]
        published = review.status == ReviewStatus.FINISHED
        out.append(
            {
                "review": review,
                "participant": own,
                "colleagues": colleagues,
                "to_rate": sum(1 for c in colleagues if not c["rated"]),
                "final_grade": own.final_grade if published else "",
                "final_grade_label": own.get_final_grade_display() if published else "",
                "committee_opinion": own.committee_opinion if published else "",
            }
        )
    return out


def member_grades(*, member) -> list[Participant]:
    """The member's published final grades (their record)."""
    return list(
        Participant.objects.filter(member=member, review__status=ReviewStatus.FINISHED)
        .exclude(final_grade="")
        .select_related("review", "review__organisation")
        .order_by("-review__year")
    )


# --- the secretaries above ----------------------------------------------------------------


def reviews_in_subtree(*, organisation):
    return (
        Review.objects.filter(organisation__path__startswith=organisation.path)
        .select_related("organisation")
        .annotate(
            members=Count("participants", distinct=True),
            self_assessed=Count(
                "participants", filter=~Q(participants__self_assessment=""), distinct=True
            ),
        )
        .order_by("-year", "organisation__path")
    )


def review_detail(*, review) -> dict:
    participants = list(
        Participant.objects.filter(review=review)
        .select_related("member")
        .order_by("member__name", "pk")
    )
    n = len(participants)
    marks = RatingMark.objects.filter(review=review).count()
    counts_visible = review.status != ReviewStatus.OPEN
    tallies = {}
    if counts_visible:
        for ratee_id, grade, count in PeerTally.objects.filter(review=review).values_list(
            "ratee_id", "grade", "count"
        ):
            tallies.setdefault(ratee_id, {})[grade] = count
    rows = [
        {
            "participant": p,
            "peer": grade_counts(tallies.get(p.pk, {})) if counts_visible else None,
        }
        for p in participants
    ]
    return {
        "review": review,
        "rows": rows,
        "members": n,
        "self_assessed": sum(1 for p in participants if p.self_assessment),
        "ratings_given": marks,
        "ratings_possible": n * (n - 1),
        "counts_visible": counts_visible,
        "graded": sum(1 for p in participants if p.final_grade),
        "figures": grade_counts(
            {grade: sum(1 for p in participants if p.final_grade == grade) for grade in GRADE_ORDER}
        ),
    }


def grade_figures(*, organisation, year=None) -> dict | None:
    """How many members of the subtree got each final grade in the latest (or given) year of
    published reviews: organisation figures, no names."""
    finished = Review.objects.filter(
        organisation__path__startswith=organisation.path, status=ReviewStatus.FINISHED
    )
    if year is None:
        year = finished.order_by("-year").values_list("year", flat=True).first()
    open_reviews = Review.objects.filter(organisation__path__startswith=organisation.path).exclude(
        status=ReviewStatus.FINISHED
    )
    if year is None and not open_reviews.exists():
        return None
    rows = dict(
        Participant.objects.filter(review__in=finished.filter(year=year))
        .exclude(final_grade="")
        .order_by()
        .values_list("final_grade")
        .annotate(n=Count("pk"))
    )
    return {
        "year": year,
        "figures": grade_counts(rows),
        "total": sum(rows.values()),
        "in_progress": open_reviews.count(),
    }


def pledges_to_review(*, organisation):
    """Pledges whose member reported the outcome, in the subtree, still awaiting (or disputed
    by) the branch: the oldest report first."""
    return (
        Pledge.objects.filter(
            organisation__path__startswith=organisation.path,
            status__in=(PledgeStatus.FULFILLED, PledgeStatus.NOT_FULFILLED),
        )
        .exclude(branch_verdict=BranchVerdict.CONFIRMED)
        .select_related("wall")
        .order_by("outcome_at", "pk")
    )


def pledges_reviewed(*, organisation, limit=20):
    return (
        Pledge.objects.filter(
            organisation__path__startswith=organisation.path,
            branch_verdict=BranchVerdict.CONFIRMED,
        )
        .select_related("wall")
        .order_by("-branch_reviewed_at", "-pk")[:limit]
    )


def resident_totals(*, organisation) -> dict:
    return Pledge.objects.filter(organisation__path__startswith=organisation.path).aggregate(
        satisfied=Sum("residents_satisfied"), unsatisfied=Sum("residents_unsatisfied")
    )
