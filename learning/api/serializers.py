from rest_framework import serializers

from learning.api.parsing import (
    MAX_BATCH,
    MAX_ID,
    MAX_SECONDS,
    Invalid,
    parse_client_time,
    parse_float,
    parse_int,
)

# The fields below read values with the same helpers as the fast event parser
# (learning.api.parsing), so the schema and the server agree on what is accepted.


class StrictIntegerField(serializers.IntegerField):
    """An int from a JSON integer or ASCII digits (DRF's own reads "٣" as 3), bounded."""

    def to_internal_value(self, data):
        try:
            return parse_int(data, min_value=self.min_value, max_value=self.max_value)
        except Invalid as error:
            raise serializers.ValidationError(error.message, code="invalid") from None


class IdField(StrictIntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class FiniteFloatField(serializers.FloatField):
    """A finite float within [min_value, max_value]; -0.0 is read as 0.0."""

    def to_internal_value(self, data):
        try:
            return parse_float(data, min_value=self.min_value, max_value=self.max_value)
        except Invalid as error:
            raise serializers.ValidationError(error.message, code="invalid") from None


class ClientTimeField(serializers.DateTimeField):
    def to_internal_value(self, value):
        try:
            return parse_client_time(value)
        except Invalid as error:
            raise serializers.ValidationError(error.message, code="invalid") from None


class EventSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Made by the client; the idempotency key")
    section = IdField(help_text="The lecture section's id")
    segment = serializers.ListField(
        child=FiniteFloatField(min_value=0, max_value=MAX_SECONDS),
        min_length=2,
        max_length=2,
        help_text="Played segment [from, to] in seconds of the section's timeline; "
        "`to` not before `from`, and not past the section's end (2 s slack)",
    )
    position = FiniteFloatField(
        min_value=0,
        max_value=MAX_SECONDS,
        required=False,
        allow_null=True,
        help_text="Resume position (defaults to `to`)",
    )
    visible = serializers.BooleanField(
        default=True, help_text="False if the page was hidden meanwhile"
    )
    client_time = ClientTimeField(
        help_text="The device's time of the report, ISO 8601 (without an offset: China "
        "time); from 2000-01-01 to one day ahead of the server's clock"
    )


class BatchSerializer(serializers.Serializer):
    events = serializers.ListField(
        child=EventSerializer(),
        min_length=1,
        max_length=MAX_BATCH,
        help_text="1 to 200 events. Each is answered on its own: one that is not valid is "
        "answered `invalid` and the others are still stored.",
    )


class BeaconSerializer(serializers.Serializer):
    payload = serializers.CharField(
        help_text='The batch as JSON text, as the JSON body would be: {"events": [1 to 200 events]}'
    )
    csrfmiddlewaretoken = serializers.CharField(
        required=False, help_text="The page's CSRF token (a session cannot set headers on a beacon)"
    )


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


EVENT_STATUSES = [
    ("accepted", "Stored; applied moments later"),
    ("duplicate", "Seen before with the same content: nothing changed"),
    ("conflict", "This id was already used for other content: never stored"),
    ("invalid", "Not valid or refused (see `code`): never stored, do not send it again"),
]


class EventResultSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        allow_null=True, help_text="The event's id; null if it could not be read"
    )
    status = serializers.ChoiceField(
        choices=EVENT_STATUSES,
        help_text="accepted and duplicate: done. conflict and invalid: will never be "
        "accepted; drop the event.",
    )
    code = serializers.CharField(
        allow_blank=True,
        help_text="Empty when accepted; else conflict, invalid (see `errors`) or why the "
        "event was refused: unknown_section, unpublished, closed, no_length, "
        "negative, backward, beyond_end, bad_position",
    )
    message = serializers.CharField(allow_blank=True, help_text="Why, in Chinese")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For code `invalid`: the messages of each field",
    )
    credited_seconds = serializers.FloatField(
        allow_null=True, help_text="null until the event is applied (moments after a 202)"
    )
    decisions = DecisionSerializer(many=True)
    section = SectionStateSerializer(allow_null=True)


class BatchResultSerializer(serializers.Serializer):
    results = EventResultSerializer(many=True)


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
    decisions = RecentDecisionSerializer(
        many=True, required=False, help_text="Latest time not credited, newest first"
    )


MAX_CHOICES = 50


class QuizAttemptInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.ListField(
            child=StrictIntegerField(min_value=0, max_value=MAX_CHOICES - 1), max_length=MAX_CHOICES
        ),
        help_text="{question id: [choice numbers, from 0]}; every question of the quiz "
        "answered, a single-choice question with exactly one",
    )


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


class PointsTotalsSerializer(serializers.Serializer):
    """Points by ledger: base duty and service tasks (双积分)."""

    base = serializers.IntegerField()
    service = serializers.IntegerField()
    total = serializers.IntegerField()


class PointsSummarySerializer(PointsTotalsSerializer):
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
