"""/api/reviews/'s serializers (learning.reviews.api), each field described for the API
documentation."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from learning.reviews import services
from learning.reviews.models import Grade, ReviewStatus
from xianfeng.parsing import MAX_ID


class IdField(serializers.IntegerField):
    """An id in ASCII digits within the database's range: "１" (full-width) is not 1."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and not (data.isascii() and data.strip().isdigit()):
            self.fail("invalid")
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class ColleagueSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        help_text=gettext_lazy("The colleague's participant id (rate with it)")
    )
    name = serializers.CharField(help_text=gettext_lazy("The colleague's name."))
    rated = serializers.BooleanField(
        help_text=gettext_lazy("Whether you have rated them (your own marks)")
    )


class MyReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="review.pk", help_text=gettext_lazy("The review's id."))
    organisation = serializers.CharField(
        source="review.organisation.name",
        help_text=gettext_lazy("The organisation holding the review."),
    )
    year = serializers.IntegerField(
        source="review.year", help_text=gettext_lazy("The year reviewed.")
    )
    status = serializers.ChoiceField(choices=ReviewStatus.choices, source="review.status")
    self_assessment = serializers.CharField(
        source="participant.self_assessment",
        help_text=gettext_lazy("The member's own self-assessment."),
    )
    colleagues = ColleagueSerializer(many=True, help_text=gettext_lazy("While the review is open"))
    final_grade = serializers.CharField(help_text=gettext_lazy("Once published; empty before"))
    committee_opinion = serializers.CharField(
        help_text=gettext_lazy("Once published; empty before")
    )


class SelfAssessmentIn(serializers.Serializer):
    text = serializers.CharField(
        max_length=services.SELF_MAX,
        trim_whitespace=True,
        help_text=gettext_lazy("The self-assessment."),
    )


class RatingIn(serializers.Serializer):
    ratee = IdField(help_text=gettext_lazy("The colleague's participant id."))
    grade = serializers.ChoiceField(choices=Grade.choices)


class OpenIn(serializers.Serializer):
    organisation = IdField(help_text=gettext_lazy("The organisation's id."))
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text=gettext_lazy("The year reviewed.")
    )


class GradeIn(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    opinion = serializers.CharField(
        max_length=services.OPINION_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("The committee's opinion on the member."),
    )


class VerdictIn(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=[("confirmed", "confirmed"), ("disputed", "disputed")]
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("The branch's note on the report."),
    )


class GradeCountSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    label = serializers.CharField(help_text=gettext_lazy("The grade, in words."))
    count = serializers.IntegerField(help_text=gettext_lazy("How many have this grade."))


class ReviewSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The review's id."))
    organisation = serializers.CharField(
        source="organisation.name", help_text=gettext_lazy("The organisation's name.")
    )
    organisation_id = serializers.IntegerField(help_text=gettext_lazy("The organisation's id."))
    year = serializers.IntegerField(help_text=gettext_lazy("The year reviewed."))
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    members = serializers.IntegerField(help_text=gettext_lazy("Members taking part."))
    self_assessed = serializers.IntegerField(
        help_text=gettext_lazy("Members who have written their self-assessment.")
    )


class ParticipantRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        source="participant.pk", help_text=gettext_lazy("The participant's id.")
    )
    name = serializers.CharField(
        source="participant.member.name", help_text=gettext_lazy("The member's name.")
    )
    self_assessment = serializers.CharField(
        source="participant.self_assessment",
        help_text=gettext_lazy("The member's own self-assessment."),
    )
    committee_opinion = serializers.CharField(
        source="participant.committee_opinion",
        help_text=gettext_lazy("The committee's opinion on the member."),
    )
    final_grade = serializers.CharField(
        source="participant.final_grade",
        help_text=gettext_lazy("The grade the committee gave; empty before."),
    )
    peer = GradeCountSerializer(
        many=True,
        allow_null=True,
        help_text=gettext_lazy("Peer counts per grade; null while rating is open"),
    )


class ReviewDetailSerializer(serializers.Serializer):
    review = ReviewSummarySerializer()
    members = serializers.IntegerField(help_text=gettext_lazy("Members taking part."))
    self_assessed = serializers.IntegerField(
        help_text=gettext_lazy("Members who have written their self-assessment.")
    )
    ratings_given = serializers.IntegerField(help_text=gettext_lazy("Peer ratings given so far."))
    ratings_possible = serializers.IntegerField(
        help_text=gettext_lazy("Peer ratings possible in all.")
    )
    figures = GradeCountSerializer(many=True, help_text=gettext_lazy("Final grades so far"))
    rows = ParticipantRowSerializer(
        many=True, help_text=gettext_lazy("One row per member taking part.")
    )


class PledgeRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The pledge's id."))
    member_name = serializers.CharField(help_text=gettext_lazy("The member's name as shown."))
    organisation_name = serializers.CharField(help_text=gettext_lazy("The member's organisation."))
    text = serializers.CharField(help_text=gettext_lazy("What the member pledges."))
    status = serializers.CharField(help_text=gettext_lazy("Where the pledge stands."))
    outcome_note = serializers.CharField(
        help_text=gettext_lazy("The member's note on the outcome.")
    )
    branch_verdict = serializers.CharField(
        help_text=gettext_lazy("The branch's word on the member's report, if given.")
    )
    branch_note = serializers.CharField(help_text=gettext_lazy("The branch's note on the report."))
    residents_satisfied = serializers.IntegerField(
        help_text=gettext_lazy("Residents who rated the fulfilled pledge satisfied.")
    )
    residents_unsatisfied = serializers.IntegerField(
        help_text=gettext_lazy("Residents who rated it unsatisfied.")
    )
