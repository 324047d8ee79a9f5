from django.utils.translation import gettext_lazy
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
    id = serializers.UUIDField(help_text=gettext_lazy("Made by the client; the idempotency key"))
    section = IdField(help_text=gettext_lazy("The lecture section's id"))
    segment = serializers.ListField(
        child=FiniteFloatField(min_value=0, max_value=MAX_SECONDS),
        min_length=2,
        max_length=2,
        help_text=gettext_lazy(
            "Played segment `[from, to]` in seconds of the section's timeline; "
            "`to` not before `from`, and not past the section's end (2 s slack)"
        ),
    )
    position = FiniteFloatField(
        min_value=0,
        max_value=MAX_SECONDS,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Resume position (defaults to `to`)"),
    )
    visible = serializers.BooleanField(
        default=True, help_text=gettext_lazy("False if the page was hidden meanwhile")
    )
    client_time = ClientTimeField(
        help_text=gettext_lazy(
            "The device's time of the report, ISO 8601 (without an offset: China "
            "time); from 2000-01-01 to one day ahead of the server's clock"
        )
    )


class BatchSerializer(serializers.Serializer):
    events = serializers.ListField(
        child=EventSerializer(),
        min_length=1,
        max_length=MAX_BATCH,
        help_text=gettext_lazy(
            "1 to 200 events. Each is answered on its own: one that is not valid is "
            "answered `invalid` and the others are still stored."
        ),
    )


class BeaconSerializer(serializers.Serializer):
    payload = serializers.CharField(
        help_text=gettext_lazy(
            'The batch as JSON text, as the JSON body would be: `{"events": [...]}` with 1 to '
            "200 events"
        )
    )
    csrfmiddlewaretoken = serializers.CharField(
        required=False,
        help_text=gettext_lazy("The page's CSRF token (a session cannot set headers on a beacon)"),
    )


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=gettext_lazy("Why time was not credited, as a code."))
    seconds = serializers.FloatField(help_text=gettext_lazy("Seconds not credited."))
    message = serializers.CharField(help_text=gettext_lazy("Why, in words."))


class SectionStateSerializer(serializers.Serializer):
    section = serializers.IntegerField(help_text=gettext_lazy("The section's id."))
    covered_seconds = serializers.FloatField(
        help_text=gettext_lazy("Seconds of the section played at least once.")
    )
    credited_seconds = serializers.FloatField(
        help_text=gettext_lazy("Study seconds credited in the section.")
    )
    position = serializers.FloatField(help_text=gettext_lazy("Where to resume, in seconds."))
    length_seconds = serializers.FloatField(
        help_text=gettext_lazy("The section's length, in seconds.")
    )
    percent = serializers.IntegerField(
        help_text=gettext_lazy("How much of the section is covered, in percent.")
    )
    completed = serializers.BooleanField(
        help_text=gettext_lazy("Whether the section is completed.")
    )


EVENT_STATUSES = [
    ("accepted", gettext_lazy("Stored; applied moments later")),
    ("duplicate", gettext_lazy("Seen before with the same content: nothing changed")),
    ("conflict", gettext_lazy("This id was already used for other content: never stored")),
    (
        "invalid",
        gettext_lazy("Not valid or refused (see `code`): never stored, do not send it again"),
    ),
]


class EventResultSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        allow_null=True, help_text=gettext_lazy("The event's id; null if it could not be read")
    )
    status = serializers.ChoiceField(
        choices=EVENT_STATUSES,
        help_text=gettext_lazy(
            "accepted and duplicate: done. conflict and invalid: will never be "
            "accepted; drop the event."
        ),
    )
    code = serializers.CharField(
        allow_blank=True,
        help_text=gettext_lazy(
            "Empty when accepted; else conflict, invalid (see `errors`) or why the "
            "event was refused: unknown_section, unpublished, closed, no_length, "
            "negative, backward, beyond_end, bad_position"
        ),
    )
    message = serializers.CharField(allow_blank=True, help_text=gettext_lazy("Why, in Chinese"))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=gettext_lazy("For code `invalid`: the messages of each field"),
    )
    credited_seconds = serializers.FloatField(
        allow_null=True,
        help_text=gettext_lazy("null until the event is applied (moments after a 202)"),
    )
    decisions = DecisionSerializer(
        many=True, help_text=gettext_lazy("Time of this event not credited, and why.")
    )
    section = SectionStateSerializer(
        allow_null=True,
        help_text=gettext_lazy("The section's state after the event; null if it was not applied."),
    )


class BatchResultSerializer(serializers.Serializer):
    results = EventResultSerializer(
        many=True, help_text=gettext_lazy("One result per event, in the order sent.")
    )


class LectureSectionStateSerializer(SectionStateSerializer):
    title = serializers.CharField(help_text=gettext_lazy("The section's title."))
    kind = serializers.CharField(
        help_text=gettext_lazy("The section's kind: video, audio or text.")
    )


class QuizStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The quiz's id."))
    title = serializers.CharField(help_text=gettext_lazy("The quiz's title."))
    pass_mark = serializers.IntegerField(
        help_text=gettext_lazy("The score needed to pass, in percent.")
    )
    max_attempts = serializers.IntegerField(help_text=gettext_lazy("Most attempts allowed."))
    attempts_left = serializers.IntegerField(
        help_text=gettext_lazy("Attempts the member has left.")
    )
    passed = serializers.BooleanField(help_text=gettext_lazy("Whether the member has passed."))
    best_score = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy("The best score so far; null before the first attempt."),
    )


class RecentDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The decision's id."))
    section = serializers.IntegerField(help_text=gettext_lazy("The section's id."))
    section_title = serializers.CharField(help_text=gettext_lazy("The section's title."))
    reason = serializers.CharField(help_text=gettext_lazy("Why time was not credited, as a code."))
    message = serializers.CharField(help_text=gettext_lazy("Why, in words."))
    seconds = serializers.FloatField(help_text=gettext_lazy("Seconds not credited."))
    created_at = serializers.DateTimeField(help_text=gettext_lazy("When it was decided."))


class LectureStateSerializer(serializers.Serializer):
    lecture = serializers.IntegerField(help_text=gettext_lazy("The lecture's id."))
    title = serializers.CharField(help_text=gettext_lazy("The lecture's title."))
    open = serializers.BooleanField(
        help_text=gettext_lazy("Whether the lecture still takes progress reports.")
    )
    completed = serializers.BooleanField(
        help_text=gettext_lazy("Whether the member has completed the lecture.")
    )
    completed_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When it was completed; null if not yet.")
    )
    sections = LectureSectionStateSerializer(
        many=True, help_text=gettext_lazy("Each section's state, in order.")
    )
    quiz = QuizStateSerializer(
        allow_null=True, help_text=gettext_lazy("The lecture's quiz; null if it has none.")
    )
    decisions = RecentDecisionSerializer(
        many=True, required=False, help_text=gettext_lazy("Latest time not credited, newest first")
    )


MAX_CHOICES = 50


class QuizAttemptInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.ListField(
            child=StrictIntegerField(min_value=0, max_value=MAX_CHOICES - 1), max_length=MAX_CHOICES
        ),
        help_text=gettext_lazy(
            "{question id: [choice numbers, from 0]}; every question of the quiz "
            "answered, a single-choice question with exactly one"
        ),
    )


class QuizAttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The attempt's id."))
    correct = serializers.IntegerField(help_text=gettext_lazy("Questions answered correctly."))
    total = serializers.IntegerField(help_text=gettext_lazy("Questions in the quiz."))
    score = serializers.IntegerField(help_text=gettext_lazy("The score, in percent."))
    passed = serializers.BooleanField(
        help_text=gettext_lazy("Whether the score reaches the pass mark.")
    )
    attempts_left = serializers.IntegerField(
        help_text=gettext_lazy("Attempts the member has left.")
    )


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The assignment's id."))
    lecture = serializers.IntegerField(help_text=gettext_lazy("The lecture's id."))
    title = serializers.CharField(help_text=gettext_lazy("The lecture's title."))
    study_url = serializers.CharField(
        help_text=gettext_lazy("The lecture's study page on the site.")
    )
    organisation = serializers.CharField(
        help_text=gettext_lazy("The organisation that assigned it.")
    )
    due_on = serializers.DateField(help_text=gettext_lazy("The deadline."))
    completed = serializers.BooleanField(
        help_text=gettext_lazy("Whether the member has completed the lecture.")
    )
    overdue = serializers.BooleanField(
        help_text=gettext_lazy("Past the deadline and not completed.")
    )
    days_left = serializers.IntegerField(
        help_text=gettext_lazy("Days until the deadline; negative once past it.")
    )


class RecordLectureSerializer(serializers.Serializer):
    lecture = serializers.IntegerField(help_text=gettext_lazy("The lecture's id."))
    title = serializers.CharField(help_text=gettext_lazy("The lecture's title."))
    study_url = serializers.CharField(
        help_text=gettext_lazy("The lecture's study page on the site.")
    )
    sections_done = serializers.IntegerField(help_text=gettext_lazy("Sections completed."))
    sections_total = serializers.IntegerField(help_text=gettext_lazy("Sections in the lecture."))
    completed = serializers.BooleanField(
        help_text=gettext_lazy("Whether the member has completed the lecture.")
    )
    completed_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When it was completed; null if not yet.")
    )


class PointsByReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=gettext_lazy("Why the points were given, as a code."))
    label = serializers.CharField(help_text=gettext_lazy("The reason, in words."))
    points = serializers.IntegerField(help_text=gettext_lazy("Points for this reason."))


class PointsTotalsSerializer(serializers.Serializer):
    """Points by ledger: base duty and service tasks (双积分)."""

    base = serializers.IntegerField(help_text=gettext_lazy("Base points (duties)."))
    service = serializers.IntegerField(help_text=gettext_lazy("Service points (service tasks)."))
    total = serializers.IntegerField(help_text=gettext_lazy("Both together."))


class PointsSummarySerializer(PointsTotalsSerializer):
    by_reason = PointsByReasonSerializer(many=True, help_text=gettext_lazy("Points by reason."))


class DailyMinutesSerializer(serializers.Serializer):
    date = serializers.DateField(help_text=gettext_lazy("The day."))
    minutes = serializers.FloatField(help_text=gettext_lazy("Minutes of study credited that day."))


class RecordDecisionSerializer(serializers.Serializer):
    section = serializers.CharField(
        source="section.title", help_text=gettext_lazy("The section's title.")
    )
    reason = serializers.CharField(help_text=gettext_lazy("Why time was not credited, as a code."))
    message = serializers.CharField(
        source="get_reason_display", help_text=gettext_lazy("Why, in words.")
    )
    seconds = serializers.FloatField(help_text=gettext_lazy("Seconds not credited."))
    created_at = serializers.DateTimeField(help_text=gettext_lazy("When it was decided."))


class StudyRecordSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text=gettext_lazy("The year of the record."))
    credited_seconds = serializers.FloatField(
        help_text=gettext_lazy("Study seconds credited this year.")
    )
    study_hours = serializers.FloatField(
        help_text=gettext_lazy("Study hours credited this year (45 minutes each).")
    )
    quota_hours = serializers.IntegerField(
        help_text=gettext_lazy("The yearly quota, in study hours.")
    )
    shortfall_hours = serializers.FloatField(
        help_text=gettext_lazy("Study hours still missing to the quota.")
    )
    in_progress = RecordLectureSerializer(
        many=True, help_text=gettext_lazy("Lectures started and not completed.")
    )
    completed = RecordLectureSerializer(
        many=True, help_text=gettext_lazy("Lectures completed this year.")
    )
    points = PointsSummarySerializer()
    daily_minutes = DailyMinutesSerializer(
        many=True, help_text=gettext_lazy("Minutes studied each day, recent days.")
    )
    decisions = RecordDecisionSerializer(
        many=True, help_text=gettext_lazy("Recent time not credited, and why.")
    )
    assignments = AssignmentSerializer(
        many=True, help_text=gettext_lazy("Lectures assigned to the member's organisation.")
    )
