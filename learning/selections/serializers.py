"""The shapes of /api/selections/ (learning.selections.api)."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from learning.selections import selectors
from learning.selections.models import MAX_DIMENSIONS
from xianfeng.converters import MAX_ID


class SelectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The selection's id."))
    title = serializers.CharField(help_text=gettext_lazy("The selection's title."))
    year = serializers.IntegerField(help_text=gettext_lazy("The selection's year."))
    organisation = serializers.CharField(
        source="organisation.name",
        help_text=gettext_lazy("The organisation holding the selection."),
    )
    dimensions = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("The dimensions candidates are rated on."),
    )
    quota = serializers.IntegerField(help_text=gettext_lazy("How many may be chosen."))
    stage = serializers.SerializerMethodField(
        help_text=gettext_lazy("Where the selection stands today.")
    )
    self_assessment_opens_on = serializers.DateField(
        help_text=gettext_lazy("First day of self-assessment.")
    )
    self_assessment_closes_on = serializers.DateField(
        help_text=gettext_lazy("Last day of self-assessment.")
    )
    recommendation_closes_on = serializers.DateField(
        help_text=gettext_lazy("Last day of the branches' recommendations.")
    )
    review_closes_on = serializers.DateField(
        help_text=gettext_lazy("Last day of the committee's review.")
    )
    notice_days = serializers.IntegerField(
        help_text=gettext_lazy("Days the shortlist is shown publicly.")
    )
    notice_published_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When the shortlist was published; null before.")
    )
    finalised_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When the result was final; null before.")
    )

    def get_stage(self, selection) -> str:
        return selectors.selection_stage(selection).value


class SelectionOpenSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("The selection's title."),
    )
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text=gettext_lazy("The selection's year.")
    )
    dimensions = serializers.ListField(
        child=serializers.CharField(max_length=20),
        min_length=1,
        max_length=MAX_DIMENSIONS,
        required=False,
        help_text=gettext_lazy("Default: 争先创优、为民服务、敬业奉献、创新突破、业务攻坚"),
    )
    quota = serializers.IntegerField(
        min_value=1, max_value=1000, help_text=gettext_lazy("How many may be chosen.")
    )
    self_assessment_opens_on = serializers.DateField(
        help_text=gettext_lazy("First day of self-assessment.")
    )
    self_assessment_closes_on = serializers.DateField(
        help_text=gettext_lazy("Last day of self-assessment.")
    )
    recommendation_closes_on = serializers.DateField(
        help_text=gettext_lazy("Last day of the branches' recommendations.")
    )
    review_closes_on = serializers.DateField(
        help_text=gettext_lazy("Last day of the committee's review.")
    )
    notice_days = serializers.IntegerField(
        min_value=1,
        max_value=30,
        default=5,
        help_text=gettext_lazy("Days the shortlist is shown publicly."),
    )
    conferring_body = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Who confers the title, as the notice names it."),
    )


class SelectionCandidacySerializer(serializers.Serializer):
    statements = serializers.DictField(
        child=serializers.CharField(max_length=1000, allow_blank=True),
        help_text=gettext_lazy("What the member did, by dimension name"),
    )
    pledges = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=50,
        help_text=gettext_lazy("Ids of the member's own published pledges"),
    )
    tasks = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=50,
        help_text=gettext_lazy("Ids of the member's own verified service-task claims"),
    )
    include_study_record = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Whether to attach the member's study record."),
    )


class SelectionCandidacyOutSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The candidacy's id."))
    statements = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text=gettext_lazy("What the member did, by dimension name."),
    )
    pledges = serializers.SerializerMethodField(help_text=gettext_lazy("The pledges attached."))
    tasks = serializers.SerializerMethodField(help_text=gettext_lazy("The service tasks attached."))
    study_summary = serializers.DictField(
        help_text=gettext_lazy("The study record attached, if chosen.")
    )
    submitted_at = serializers.DateTimeField(help_text=gettext_lazy("When it was submitted."))

    def get_pledges(self, candidate) -> list[int]:
        return list(candidate.pledges.values_list("pk", flat=True))

    def get_tasks(self, candidate) -> list[int]:
        return list(candidate.tasks.values_list("pk", flat=True))


class SelectionCandidateRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        source="candidate.pk", help_text=gettext_lazy("The candidate's id.")
    )
    name = serializers.CharField(
        source="candidate.member.name", help_text=gettext_lazy("The member's name.")
    )
    branch = serializers.CharField(
        source="candidate.branch.name", help_text=gettext_lazy("The candidate's branch.")
    )
    statements = serializers.DictField(
        source="candidate.statements",
        help_text=gettext_lazy("What the member did, by dimension name."),
    )
    average = serializers.DictField(
        child=serializers.FloatField(), help_text=gettext_lazy("Per dimension")
    )
    ratings = serializers.IntegerField(help_text=gettext_lazy("How many committee members rated"))
    mine = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text=gettext_lazy("Your own stars by dimension; null if you have not rated."),
    )
    may_rate = serializers.BooleanField(
        help_text=gettext_lazy("Whether you may rate this candidate.")
    )
    recommended = serializers.BooleanField(
        source="candidate.recommended",
        help_text=gettext_lazy("Whether the branch recommends the candidate."),
    )
    chosen = serializers.BooleanField(
        source="candidate.chosen",
        allow_null=True,
        help_text=gettext_lazy("The committee's decision; null before it."),
    )
    decision_reason = serializers.CharField(
        source="candidate.decision_reason",
        help_text=gettext_lazy("Why the decision differs from the branch's recommendation."),
    )


class SelectionStarsSerializer(serializers.Serializer):
    stars = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        help_text=gettext_lazy("Stars (1–5) for every dimension, by name"),
    )


class SelectionRecommendSerializer(serializers.Serializer):
    recommended = serializers.BooleanField(
        help_text=gettext_lazy("Whether the branch recommends the candidate.")
    )


class SelectionDecisionSerializer(serializers.Serializer):
    chosen = serializers.BooleanField(help_text=gettext_lazy("Whether the candidate is chosen."))
    reason = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Required when differing from the branch's recommendation"),
    )


class SelectionNoticeEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The candidate's id."))
    name = serializers.CharField(source="member.name", help_text=gettext_lazy("The member's name."))
    branch = serializers.CharField(
        source="branch.name", help_text=gettext_lazy("The candidate's branch.")
    )
    stars = serializers.DictField(
        child=serializers.IntegerField(), help_text=gettext_lazy("Average stars by dimension.")
    )


class SelectionNoticeSerializer(serializers.Serializer):
    selection = SelectionSerializer()
    shortlist = SelectionNoticeEntrySerializer(
        many=True, help_text=gettext_lazy("The candidates shown publicly.")
    )


class SelectionObjectionInSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=gettext_lazy("The candidate's id.")
    )
    text = serializers.CharField(max_length=1000, help_text=gettext_lazy("The objection."))
    contact = serializers.CharField(
        max_length=80, help_text=gettext_lazy("How to reach the person objecting.")
    )


class SelectionObjectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The objection's id."))
    candidate = serializers.IntegerField(
        source="candidate_id", help_text=gettext_lazy("The candidate's id.")
    )
    name = serializers.CharField(
        source="candidate.member.name", help_text=gettext_lazy("The candidate's name.")
    )
    text = serializers.CharField(help_text=gettext_lazy("The objection."))
    contact = serializers.CharField(help_text=gettext_lazy("How to reach the person objecting."))
    status = serializers.CharField(help_text=gettext_lazy("Where the objection stands."))
    answer = serializers.CharField(help_text=gettext_lazy("The committee's answer; empty before."))
    created_at = serializers.DateTimeField(help_text=gettext_lazy("When it was made."))


class SelectionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(
        max_length=1000, help_text=gettext_lazy("The committee's answer.")
    )
    dismiss = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("Whether the objection is dismissed.")
    )
