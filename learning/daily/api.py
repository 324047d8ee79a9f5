"""POST /api/learning/reading/: a story page's reading clock reports (learning.daily.reading)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from cms.models import StoryPage
from cms.routing import viewable_by
from learning.api.parsing import Invalid, parse_float, parse_id
from learning.api.views import ReportAPIView
from learning.daily.reading import MAX_REPORT_SECONDS, story_reading_report
from xianfeng.api import APIError
from xianfeng.api_docs import error_responses
from xianfeng.parsers import JSONBodyParser
from xianfeng.parsing import MAX_ID
from xianfeng.throttles import WriteThrottle


class ReadingReportSerializer(serializers.Serializer):
    story = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=gettext_lazy("The story page's id.")
    )
    seconds = serializers.FloatField(
        min_value=0,
        max_value=MAX_REPORT_SECONDS,
        help_text=gettext_lazy(
            "Reading time counted by the page since its last report (visible tab, "
            "reader active); the server credits at most the real time that passed."
        ),
    )


class ReadingStateSerializer(serializers.Serializer):
    story = serializers.IntegerField(help_text=gettext_lazy("The story page's id."))
    credited_seconds = serializers.FloatField(
        help_text=gettext_lazy("Seconds credited for this report.")
    )
    total_seconds = serializers.FloatField(
        help_text=gettext_lazy("Seconds credited for this story so far.")
    )
    needed_seconds = serializers.IntegerField(
        help_text=gettext_lazy(
            "Reading time that completes the story (its length over a brisk pace)."
        )
    )
    completed = serializers.BooleanField(
        help_text=gettext_lazy(
            "Whether the member has read the story through (its points are paid once)."
        )
    )
    points = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy(
            "Points paid by this report: 0 when today's cap for stories is reached; "
            "null when this report paid nothing."
        ),
    )
    note = serializers.CharField(help_text=gettext_lazy("Why no points were paid, if so."))


class ReadingView(ReportAPIView):
    parser_classes = [JSONBodyParser]
    throttle_classes = [WriteThrottle]
    throttle_scope = "progress_event"

    @extend_schema(
        tags=["learning"],
        request=ReadingReportSerializer,
        responses={200: ReadingStateSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Report reading a story (points for reading, once per story)"),
        description=gettext_lazy(
            "A signed-in member's story page reports every 10 s. The first report "
            "of a page view, or one after a pause of more than 45 s, opens a stretch and is "
            "credited nothing; later ones at most the real time since the previous report, "
            "shared between stories open at once. Reaching the story's reading time pays the "
            "story_read rule's points once, within its daily cap."
        ),
    )
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        errors = {}
        try:
            story_id = parse_id(data.get("story"), _("Give the story's id."))
        except Invalid as error:
            errors["story"] = [str(error.message)]
        try:
            seconds = parse_float(data.get("seconds"), max_value=MAX_REPORT_SECONDS)
        except Invalid as error:
            errors["seconds"] = [str(error.message)]
        if errors:
            raise APIError(
                code="invalid", detail=_("The report is not valid."), errors=errors, status=400
            )
        story = StoryPage.objects.live().filter(pk=story_id).first()
        if story is None or not viewable_by(story, request):
            raise APIError(code="not_found", detail=_("There is no such story."), status=404)
        state = story_reading_report(member=self.member, story=story, seconds=seconds)
        return Response(ReadingStateSerializer(state).data)
