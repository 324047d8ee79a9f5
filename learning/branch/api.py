"""/api/branch/: the workspace's figures as JSON, for the same user and under the same rule as
the pages (learning.branch.scope): 403 without a workspace, 404 for an organisation outside it."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.api.serializers import PointsTotalsSerializer
from learning.branch.access import may_use_workspace, organisation_for
from learning.branch.comparison import DEFAULT_WEEKS, children_compared, recent_weekly_trend
from learning.branch.forms import BranchFilterForm, ComparisonForm
from learning.branch.scope import FilterError, branch_view_for
from learning.branch.selectors import (
    Status,
    branch_overview,
    hours_row,
    member_rows,
    members_short_of_quota,
)
from xianfeng.api import raise_form_errors
from xianfeng.api_docs import error_responses, form_parameters

TAG = ["branch"]
PAGE_SIZE = 100


class IsSecretary(IsAuthenticated):
    message = gettext_lazy("Only branch secretaries and committee members can see this.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and may_use_workspace(request.user)


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The organisation's id."))
    name = serializers.CharField(help_text=gettext_lazy("The organisation's name."))
    kind = serializers.CharField(
        help_text=gettext_lazy("The organisation's kind (party committee, branch, group...).")
    )


class LectureFiguresSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(help_text=gettext_lazy("The assignment's id."))
    lecture = serializers.IntegerField(help_text=gettext_lazy("The lecture's id."))
    title = serializers.CharField(help_text=gettext_lazy("The lecture's title."))
    organisation = serializers.CharField(
        help_text=gettext_lazy("The organisation it was assigned to")
    )
    due_on = serializers.DateField(help_text=gettext_lazy("The deadline."))
    assigned = serializers.IntegerField(help_text=gettext_lazy("Members it is assigned to."))
    started = serializers.IntegerField(
        help_text=gettext_lazy("Members who started it (completed included)")
    )
    completed = serializers.IntegerField(help_text=gettext_lazy("Members who completed it."))
    overdue = serializers.IntegerField(
        help_text=gettext_lazy("Not completed and past the due date")
    )
    completion_percent = serializers.IntegerField(
        help_text=gettext_lazy("Members who completed it, in percent.")
    )


class StudyFiguresSerializer(serializers.Serializer):
    hours = serializers.FloatField(
        help_text=gettext_lazy("Study hours credited this year (45 minutes each)")
    )
    average_hours = serializers.FloatField(
        help_text=gettext_lazy("Study hours this year per member.")
    )
    members_short = serializers.IntegerField(
        help_text=gettext_lazy("Members behind the pro-rated quota")
    )


class PledgeFiguresSerializer(serializers.Serializer):
    open = serializers.IntegerField(
        help_text=gettext_lazy("Pledges published and not yet reported on.")
    )
    overdue = serializers.IntegerField(help_text=gettext_lazy("Of them, past their due date."))
    fulfilled = serializers.IntegerField(help_text=gettext_lazy("Pledges reported fulfilled."))


class FiguresSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    members = serializers.IntegerField(
        help_text=gettext_lazy("Members at home or hosted (流动党员) in the subtree, each once")
    )
    hosted_members = serializers.IntegerField(
        help_text=gettext_lazy(
            "Of them, members away from home counted through a host organisation in "
            "the subtree (their home organisation lies outside it)"
        )
    )
    completion_percent = serializers.IntegerField(
        help_text=gettext_lazy("Assigned lectures completed, in percent.")
    )
    on_quota_percent = serializers.IntegerField(
        help_text=gettext_lazy("Members on the pro-rated quota, in percent.")
    )
    lectures = LectureFiguresSerializer(
        many=True, help_text=gettext_lazy("Each assigned lecture's figures.")
    )
    study = StudyFiguresSerializer()
    points = PointsTotalsSerializer()
    pledges = PledgeFiguresSerializer()


class OverviewSerializer(FiguresSerializer):
    date = serializers.DateField(help_text=gettext_lazy("The day the figures are for."))
    quota_share_percent = serializers.IntegerField(
        help_text=gettext_lazy("Share of the yearly quota due by today")
    )
    children = FiguresSerializer(
        many=True, help_text=gettext_lazy("Each child organisation, side by side")
    )


class MemberRowSerializer(serializers.Serializer):
    member_id = serializers.IntegerField(help_text=gettext_lazy("The member's id."))
    name = serializers.CharField(help_text=gettext_lazy("The member's name."))
    organisation_id = serializers.IntegerField(help_text=gettext_lazy("The organisation's id."))
    organisation_name = serializers.CharField(help_text=gettext_lazy("The organisation's name."))
    lecture_id = serializers.IntegerField(help_text=gettext_lazy("The lecture's id."))
    lecture_title = serializers.CharField(help_text=gettext_lazy("The lecture's title."))
    due_on = serializers.DateField(help_text=gettext_lazy("The deadline."))
    status = serializers.ChoiceField(
        choices=[Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETED, Status.OVERDUE]
    )
    started_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When the member started it; null if not yet.")
    )
    completed_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When it was completed; null if not yet.")
    )
    hosted = serializers.BooleanField(
        help_text=gettext_lazy(
            "A member away from home (流动党员) counted here through their host "
            "organisation, which is the row's organisation"
        )
    )
    home_organisation_name = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy("The home organisation of a member away from home, else null"),
    )


class MemberPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=gettext_lazy("How many rows there are in all."))
    page = serializers.IntegerField(help_text=gettext_lazy("This page's number, from 1."))
    pages = serializers.IntegerField(help_text=gettext_lazy("How many pages there are."))
    results = MemberRowSerializer(many=True, help_text=gettext_lazy("This page's rows."))


class ShortRowSerializer(serializers.Serializer):
    member_id = serializers.IntegerField(help_text=gettext_lazy("The member's id."))
    name = serializers.CharField(help_text=gettext_lazy("The member's name."))
    role = serializers.CharField(help_text=gettext_lazy("The member's role in the organisation."))
    organisation_id = serializers.IntegerField(help_text=gettext_lazy("The organisation's id."))
    organisation_name = serializers.CharField(help_text=gettext_lazy("The organisation's name."))
    study_hours = serializers.FloatField(
        help_text=gettext_lazy("Study hours credited this year (45 minutes each).")
    )
    quota_hours_to_date = serializers.FloatField(
        help_text=gettext_lazy("The yearly quota pro-rated to today, in study hours.")
    )
    shortfall_hours = serializers.FloatField(
        help_text=gettext_lazy("Study hours behind the pro-rated quota.")
    )
    hosted = serializers.BooleanField(
        help_text=gettext_lazy(
            "A member away from home (流动党员) counted here through their host "
            "organisation, which is the row's organisation"
        )
    )
    home_organisation_name = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy("The home organisation of a member away from home, else null"),
    )


class ShortPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=gettext_lazy("How many rows there are in all."))
    page = serializers.IntegerField(help_text=gettext_lazy("This page's number, from 1."))
    pages = serializers.IntegerField(help_text=gettext_lazy("How many pages there are."))
    results = ShortRowSerializer(many=True, help_text=gettext_lazy("This page's rows."))


PARAMETERS = form_parameters(BranchFilterForm)
ORG_PARAMETERS = [p for p in PARAMETERS if p.name == "org"]
SHORT_PARAMETERS = [p for p in PARAMETERS if p.name in ("org", "sub", "page")]


class BranchAPIView(APIView):
    permission_classes = [IsSecretary]

    def branch_view(self, request):
        try:
            return branch_view_for(request.user, request.query_params)
        except FilterError as error:
            raise_form_errors(error.form)


def page_of(rows, number):
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    return page, {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
    }


class OverviewView(BranchAPIView):
    @extend_schema(
        tags=TAG,
        parameters=ORG_PARAMETERS,
        responses={200: OverviewSerializer, **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy(
            "An organisation's subtree: lectures, study hours, points, pledges, children"
        ),
        description=gettext_lazy(
            "The figures of the organisation (`org`, default: the secretary's own) over its "
            "whole subtree, and of each child organisation. For branch secretaries and "
            "committee members, within their own subtree."
        ),
    )
    def get(self, request):
        view = self.branch_view(request)
        return Response(OverviewSerializer(branch_overview(organisation=view.organisation)).data)


class MembersView(BranchAPIView):
    @extend_schema(
        tags=TAG,
        parameters=PARAMETERS,
        responses={200: MemberPageSerializer, **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy(
            "Members and their assigned lectures, filtered (status behind: not completed)"
        ),
        description=gettext_lazy(
            "One row per member and assigned lecture, 100 rows a page, with the same filters "
            "as the workspace page. For branch secretaries and committee members, within "
            "their own subtree."
        ),
    )
    def get(self, request):
        view = self.branch_view(request)
        page, meta = page_of(member_rows(**view.selector_filters()), view.page)
        return Response(MemberPageSerializer({**meta, "results": list(page.object_list)}).data)


class ShortOfQuotaView(BranchAPIView):
    @extend_schema(
        tags=TAG,
        parameters=SHORT_PARAMETERS,
        responses={200: ShortPageSerializer, **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy("Members behind the yearly study-hour quota pro-rated to today"),
        description=gettext_lazy(
            "Members whose study hours this year fall short of the yearly quota pro-rated to "
            "today, 100 a page. For branch secretaries and committee members, within their own "
            "subtree."
        ),
    )
    def get(self, request):
        view = self.branch_view(request)
        rows = members_short_of_quota(
            organisation=view.organisation, sub_organisation=view.sub_organisation
        )
        page, meta = page_of(rows, view.page)
        return Response(
            ShortPageSerializer(
                {**meta, "results": [hours_row(row) for row in page.object_list]}
            ).data
        )


class WeekFiguresSerializer(serializers.Serializer):
    week = serializers.DateField(help_text=gettext_lazy("The week's Monday"))
    hours = serializers.FloatField(
        help_text=gettext_lazy("Study hours credited that week (45 minutes each)")
    )
    lectures_completed = serializers.IntegerField(
        help_text=gettext_lazy("Lectures completed that week.")
    )


class ChildComparedSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    members = serializers.IntegerField(help_text=gettext_lazy("Members in the subtree, each once."))
    completion_percent = serializers.IntegerField(
        help_text=gettext_lazy("Of the assigned lectures")
    )
    average_hours = serializers.FloatField(
        help_text=gettext_lazy("Study hours this year per member")
    )
    average_quota_hours = serializers.FloatField(
        help_text=gettext_lazy("The pro-rated quota to date per member")
    )
    hours_against_quota_percent = serializers.IntegerField(
        help_text=gettext_lazy("Average study hours against the pro-rated quota, in percent.")
    )
    on_quota_percent = serializers.IntegerField(
        help_text=gettext_lazy("Members on the pro-rated quota")
    )
    pledges_fulfilled = serializers.IntegerField(
        help_text=gettext_lazy("Pledges reported fulfilled.")
    )
    weeks = WeekFiguresSerializer(
        many=True, help_text=gettext_lazy("The weekly trend, oldest week first")
    )


class ComparisonSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    date = serializers.DateField(help_text=gettext_lazy("The day the figures are for."))
    weeks = serializers.ListField(
        child=serializers.DateField(), help_text=gettext_lazy("Mondays, oldest first")
    )
    children = ChildComparedSerializer(
        many=True, help_text=gettext_lazy("Each child organisation, compared.")
    )


class ComparisonView(APIView):
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        parameters=form_parameters(ComparisonForm),
        responses={200: ComparisonSerializer, **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy("Sub-organisations compared (对表晒绩) with their weekly trend"),
        description=gettext_lazy(
            "Each child organisation's figures over its subtree, and per week (Mondays, local "
            "time) the study hours credited and lectures completed. The trend is kept for up "
            "to a minute."
        ),
    )
    def get(self, request):
        form = ComparisonForm(request.query_params)
        if not form.is_valid():
            raise_form_errors(form)
        organisation = organisation_for(request.user, form.cleaned_data["org"])
        compared = children_compared(organisation=organisation)
        trend = recent_weekly_trend(
            organisation=organisation, weeks=form.cleaned_data["weeks"] or DEFAULT_WEEKS
        )
        weeks = {child["organisation"]["id"]: child["weeks"] for child in trend["children"]}
        for child in compared["children"]:
            child["weeks"] = weeks[child["organisation"]["id"]]
        return Response(ComparisonSerializer({**compared, "weeks": trend["weeks"]}).data)
