"""The pledge API's serializers and pagination (cms.pledges.api), each field described for the
API documentation."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

from cms.models import Pledge, PledgeUpdate, PledgeWallPage
from cms.pledges import selectors, services


class Pages(PageNumberPagination):
    page_size = selectors.PER_PAGE

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                # Past the last page, or not a number: 404.
                parameter["schema"]["minimum"] = 1
                parameter["description"] = gettext_lazy("Page number, from 1.")
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        described = {
            "count": gettext_lazy("How many there are in all."),
            "next": gettext_lazy("The next page's address; null on the last page."),
            "previous": gettext_lazy("The previous page's address; null on the first page."),
            "results": gettext_lazy("This page's items."),
        }
        for name, text in described.items():
            response["properties"][name]["description"] = text
        return response


class WallSerializer(serializers.ModelSerializer):
    categories = serializers.ListField(
        source="category_list",
        child=serializers.CharField(),
        help_text=gettext_lazy("The categories a pledge on this wall may take."),
    )
    is_open = serializers.BooleanField(help_text=gettext_lazy("Whether pledges are taken today."))
    url = serializers.CharField(help_text=gettext_lazy("The wall page's path on the site."))

    class Meta:
        model = PledgeWallPage
        fields = [
            "id",
            "title",
            "url",
            "opens_on",
            "closes_on",
            "categories",
            "moderation_mode",
            "max_pledges_per_member",
            "is_open",
        ]
        extra_kwargs = {
            "id": {"help_text": gettext_lazy("The wall's id.")},
            "title": {"help_text": gettext_lazy("The wall's title.")},
            "opens_on": {"help_text": gettext_lazy("First day pledges are taken.")},
            "closes_on": {"help_text": gettext_lazy("Last day pledges are taken; null: no end.")},
            "moderation_mode": {
                "help_text": gettext_lazy("Whether pledges are shown at once or after review.")
            },
            "max_pledges_per_member": {
                "help_text": gettext_lazy("Most pledges one member may post on this wall.")
            },
        }


class UpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = PledgeUpdate
        fields = ["id", "text", "happened_on", "created_at"]
        extra_kwargs = {
            "id": {"help_text": gettext_lazy("The progress note's id.")},
            "text": {"help_text": gettext_lazy("What was done.")},
            "happened_on": {"help_text": gettext_lazy("The day it was done.")},
            "created_at": {"help_text": gettext_lazy("When the note was posted.")},
        }


class PledgeSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(
        source="get_status_display",
        read_only=True,
        help_text=gettext_lazy("The status, in words."),
    )
    is_overdue = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("Past its due date and not yet reported on.")
    )

    class Meta:
        model = Pledge
        fields = [
            "id",
            "wall",
            "member_name",
            "organisation_name",
            "text",
            "category",
            "due_on",
            "status",
            "status_label",
            "is_overdue",
            "like_count",
            # 评诺: the branch's word on the report, and residents' ratings of a fulfilled pledge.
            "branch_verdict",
            "residents_satisfied",
            "residents_unsatisfied",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": gettext_lazy("The pledge's id.")},
            "wall": {"help_text": gettext_lazy("The id of the wall it was posted on.")},
            "member_name": {"help_text": gettext_lazy("The member's name as shown.")},
            "organisation_name": {"help_text": gettext_lazy("The member's organisation.")},
            "text": {"help_text": gettext_lazy("What the member pledges.")},
            "category": {"help_text": gettext_lazy("One of the wall's categories.")},
            "due_on": {"help_text": gettext_lazy("The day it is to be fulfilled by.")},
            "status": {"help_text": gettext_lazy("Where the pledge stands.")},
            "like_count": {"help_text": gettext_lazy("How many likes it has.")},
            "branch_verdict": {
                "help_text": gettext_lazy("The branch's word on the member's report, if given.")
            },
            "residents_satisfied": {
                "help_text": gettext_lazy("Residents who rated the fulfilled pledge satisfied.")
            },
            "residents_unsatisfied": {
                "help_text": gettext_lazy("Residents who rated it unsatisfied.")
            },
            "created_at": {"help_text": gettext_lazy("When it was posted.")},
            "updated_at": {"help_text": gettext_lazy("When it last changed.")},
            "outcome_note": {"help_text": gettext_lazy("The member's note on the outcome.")},
            "branch_note": {"help_text": gettext_lazy("The branch's note on the report.")},
            "flagged": {
                "help_text": gettext_lazy("Held for review: it contains words to be checked.")
            },
            "rejection_reason": {"help_text": gettext_lazy("Why a moderator rejected it.")},
        }


class PledgeDetailSerializer(PledgeSerializer):
    updates = UpdateSerializer(
        many=True, read_only=True, help_text=gettext_lazy("Progress notes, oldest first.")
    )

    class Meta(PledgeSerializer.Meta):
        fields = PledgeSerializer.Meta.fields + ["outcome_note", "branch_note", "updates"]


class OwnPledgeSerializer(PledgeDetailSerializer):
    class Meta(PledgeDetailSerializer.Meta):
        fields = PledgeDetailSerializer.Meta.fields + ["flagged", "rejection_reason"]


# What the schema can state is checked here (400); lengths count the characters as sent. The
# services then check what it cannot (422 by field, 409 for the pledge's or wall's state):
# lengths without surrounding spaces and invisible characters, the wall's own categories,
# dates relative to today, sensitive words.
class PostSerializer(serializers.Serializer):
    text = serializers.CharField(
        min_length=services.TEXT_MIN,
        max_length=services.TEXT_MAX,
        trim_whitespace=False,
        help_text=gettext_lazy("What the member pledges."),
    )
    category = serializers.CharField(
        max_length=Pledge._meta.get_field("category").max_length,
        help_text=gettext_lazy("One of the wall's categories."),
    )
    due_on = serializers.DateField(help_text=gettext_lazy("From today to three years ahead."))


class ProgressSerializer(serializers.Serializer):
    text = serializers.CharField(
        min_length=services.PROGRESS_MIN,
        max_length=services.PROGRESS_MAX,
        trim_whitespace=False,
        help_text=gettext_lazy("What was done."),
    )
    happened_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("From the pledge's day to today."),
    )


class OutcomeSerializer(serializers.Serializer):
    fulfilled = serializers.BooleanField()
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=services.NOTE_MAX,
        trim_whitespace=False,
    )

    def validate(self, data):
        if not data["fulfilled"] and len(data["note"]) < services.NOTE_MIN:
            raise serializers.ValidationError(
                {
                    "note": _("Say why the pledge was not fulfilled, in at least %(n)d characters.")
                    % {"n": services.NOTE_MIN}
                }
            )
        return data


class WallPledgesQuery(serializers.Serializer):
    category = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text=gettext_lazy("One of the wall's categories; any other value filters nothing."),
    )
    status = serializers.ChoiceField(
        required=False,
        default="",
        allow_blank=True,
        choices=selectors.status_filter_choices(),
        help_text=gettext_lazy("Only pledges in this status."),
    )
