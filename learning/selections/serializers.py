"""The shapes of /api/selections/ (learning.selections.api)."""

from rest_framework import serializers

from learning.selections import selectors
from learning.selections.models import MAX_DIMENSIONS
from xianfeng.converters import MAX_ID


class SelectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    dimensions = serializers.ListField(child=serializers.CharField())
    quota = serializers.IntegerField()
    stage = serializers.SerializerMethodField()
    self_assessment_opens_on = serializers.DateField()
    self_assessment_closes_on = serializers.DateField()
    recommendation_closes_on = serializers.DateField()
    review_closes_on = serializers.DateField()
    notice_days = serializers.IntegerField()
    notice_published_at = serializers.DateTimeField(allow_null=True)
    finalised_at = serializers.DateTimeField(allow_null=True)

    def get_stage(self, selection) -> str:
        return selectors.selection_stage(selection).value


class SelectionOpenSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    dimensions = serializers.ListField(
        child=serializers.CharField(max_length=20),
        min_length=1,
        max_length=MAX_DIMENSIONS,
        required=False,
        help_text="Default: 争先创优、为民服务、敬业奉献、创新突破、业务攻坚",
    )
    quota = serializers.IntegerField(min_value=1, max_value=1000)
    self_assessment_opens_on = serializers.DateField()
    self_assessment_closes_on = serializers.DateField()
    recommendation_closes_on = serializers.DateField()
    review_closes_on = serializers.DateField()
    notice_days = serializers.IntegerField(min_value=1, max_value=30, default=5)
    conferring_body = serializers.CharField(max_length=120, required=False, allow_blank=True)


class SelectionCandidacySerializer(serializers.Serializer):
    statements = serializers.DictField(
        child=serializers.CharField(max_length=1000, allow_blank=True),
        help_text="What the member did, by dimension name",
    )
    pledges = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=50,
        help_text="Ids of the member's own published pledges",
    )
    tasks = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=50,
        help_text="Ids of the member's own verified service-task claims",
    )
    include_study_record = serializers.BooleanField(required=False, default=False)


class SelectionCandidacyOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    statements = serializers.DictField(child=serializers.CharField(allow_blank=True))
    pledges = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()
    study_summary = serializers.DictField()
    submitted_at = serializers.DateTimeField()

    def get_pledges(self, candidate) -> list[int]:
        return list(candidate.pledges.values_list("pk", flat=True))

    def get_tasks(self, candidate) -> list[int]:
        return list(candidate.tasks.values_list("pk", flat=True))


class SelectionCandidateRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="candidate.pk")
    name = serializers.CharField(source="candidate.member.name")
    branch = serializers.CharField(source="candidate.branch.name")
    statements = serializers.DictField(source="candidate.statements")
    average = serializers.DictField(child=serializers.FloatField(), help_text="Per dimension")
    ratings = serializers.IntegerField(help_text="How many committee members rated")
    mine = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
    may_rate = serializers.BooleanField()
    recommended = serializers.BooleanField(source="candidate.recommended")
    chosen = serializers.BooleanField(source="candidate.chosen", allow_null=True)
    decision_reason = serializers.CharField(source="candidate.decision_reason")


class SelectionStarsSerializer(serializers.Serializer):
    stars = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        help_text="Stars (1–5) for every dimension, by name",
    )


class SelectionRecommendSerializer(serializers.Serializer):
    recommended = serializers.BooleanField()


class SelectionDecisionSerializer(serializers.Serializer):
    chosen = serializers.BooleanField()
    reason = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="Required when differing from the branch's recommendation",
    )


class SelectionNoticeEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="member.name")
    branch = serializers.CharField(source="branch.name")
    stars = serializers.DictField(child=serializers.IntegerField())


class SelectionNoticeSerializer(serializers.Serializer):
    selection = SelectionSerializer()
    shortlist = SelectionNoticeEntrySerializer(many=True)


class SelectionObjectionInSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    text = serializers.CharField(max_length=1000)
    contact = serializers.CharField(max_length=80)


class SelectionObjectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    candidate = serializers.IntegerField(source="candidate_id")
    name = serializers.CharField(source="candidate.member.name")
    text = serializers.CharField()
    contact = serializers.CharField()
    status = serializers.CharField()
    answer = serializers.CharField()
    created_at = serializers.DateTimeField()


class SelectionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=1000)
    dismiss = serializers.BooleanField(required=False, default=False)
