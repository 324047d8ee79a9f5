import math

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_SECONDS = 24 * 3600  # no section is longer than a day; larger values are rejected


class FiniteFloatField(serializers.FloatField):
    default_error_messages = {"not_finite": _("Enter a finite number.")}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("not_finite")
        return value


class EventSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Made by the client; the idempotency key")
    section = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    segment = serializers.ListField(
        child=FiniteFloatField(min_value=0, max_value=MAX_SECONDS), min_length=2, max_length=2,
        help_text="Played segment [from, to] in seconds of the section's timeline")
    position = FiniteFloatField(min_value=0, max_value=MAX_SECONDS, required=False,
                                allow_null=True, help_text="Resume position (defaults to `to`)")
    visible = serializers.BooleanField(default=True,
                                       help_text="False if the page was hidden meanwhile")
    client_time = serializers.DateTimeField()


class BatchSerializer(serializers.Serializer):
    events = EventSerializer(many=True, allow_empty=False, max_length=200)


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    seconds = serializers.FloatField()
    message = serializers.CharField()


class SectionStateSerializer(serializers.Serializer):
    section = serializers.IntegerField()
    covered_seconds = serializers.FloatField()
    credited_seconds = serializers.FloatField()
    position = serializers.FloatField()
    length_seconds = serializers.FloatField()
    percent = serializers.IntegerField()
    completed = serializers.BooleanField()


class EventResultSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField(help_text="accepted | duplicate | conflict | rejected")
    code = serializers.CharField()
    message = serializers.CharField()
    credited_seconds = serializers.FloatField(
        allow_null=True, help_text="null until the event is applied (moments after a 202)")
    decisions = DecisionSerializer(many=True)
    section = SectionStateSerializer(allow_null=True)


class BatchResultSerializer(serializers.Serializer):
    results = EventResultSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class LectureSectionStateSerializer(SectionStateSerializer):
    title = serializers.CharField()
    kind = serializers.CharField()


class QuizStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    pass_mark = serializers.IntegerField()
    max_attempts = serializers.IntegerField()
    attempts_left = serializers.IntegerField()
    passed = serializers.BooleanField()
    best_score = serializers.IntegerField(allow_null=True)


class RecentDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    section = serializers.IntegerField()
    section_title = serializers.CharField()
    reason = serializers.CharField()
    message = serializers.CharField()
    seconds = serializers.FloatField()
    created_at = serializers.DateTimeField()


class LectureStateSerializer(serializers.Serializer):
    lecture = serializers.IntegerField()
    title = serializers.CharField()
    open = serializers.BooleanField()
    completed = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True)
    sections = LectureSectionStateSerializer(many=True)
    quiz = QuizStateSerializer(allow_null=True)
    decisions = RecentDecisionSerializer(many=True, required=False,
                                         help_text="Latest time not credited, newest first")


class QuizAttemptInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField(min_value=0)),
        help_text="{question id: [choice numbers, from 0]}")


class QuizAttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    correct = serializers.IntegerField()
    total = serializers.IntegerField()
    score = serializers.IntegerField()
    passed = serializers.BooleanField()
    attempts_left = serializers.IntegerField()


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    lecture = serializers.IntegerField()
    title = serializers.CharField()
    study_url = serializers.CharField()
    organisation = serializers.CharField()
    due_on = serializers.DateField()
    completed = serializers.BooleanField()
    overdue = serializers.BooleanField()
    days_left = serializers.IntegerField()


class RecordLectureSerializer(serializers.Serializer):
    lecture = serializers.IntegerField()
    title = serializers.CharField()
    study_url = serializers.CharField()
    sections_done = serializers.IntegerField()
    sections_total = serializers.IntegerField()
    completed = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True)


class PointsByReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    label = serializers.CharField()
    points = serializers.IntegerField()


class PointsSummarySerializer(serializers.Serializer):
    base = serializers.IntegerField()
    service = serializers.IntegerField()
    total = serializers.IntegerField()
    by_reason = PointsByReasonSerializer(many=True)


class DailyMinutesSerializer(serializers.Serializer):
    date = serializers.DateField()
    minutes = serializers.FloatField()


class RecordDecisionSerializer(serializers.Serializer):
    section = serializers.CharField(source="section.title")
    reason = serializers.CharField()
    message = serializers.CharField(source="get_reason_display")
    seconds = serializers.FloatField()
    created_at = serializers.DateTimeField()


class StudyRecordSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    credited_seconds = serializers.FloatField()
    study_hours = serializers.FloatField()
    quota_hours = serializers.IntegerField()
    shortfall_hours = serializers.FloatField()
    in_progress = RecordLectureSerializer(many=True)
    completed = RecordLectureSerializer(many=True)
    points = PointsSummarySerializer()
    daily_minutes = DailyMinutesSerializer(many=True)
    decisions = RecordDecisionSerializer(many=True)
    assignments = AssignmentSerializer(many=True)
