"""/api/service/'s serializers (learning.service_tasks.api), each field described for the
API documentation."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from learning.service_tasks import services
from learning.service_tasks.models import ClaimStatus, RedemptionStatus
from learning.service_tasks.photos import MAX_PHOTOS
from xianfeng.converters import MAX_ID


class ServiceCodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The code of conduct's id."))
    organisation = serializers.CharField(
        source="organisation.name", help_text=gettext_lazy("The organisation that published it.")
    )
    version = serializers.IntegerField(help_text=gettext_lazy("The current version, from 1."))
    title = serializers.CharField(help_text=gettext_lazy("The code of conduct's title."))
    rules = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("Its rules, one each.")
    )


class ServiceMemberCodeSerializer(serializers.Serializer):
    code = ServiceCodeSerializer()
    acknowledged = serializers.BooleanField(
        help_text=gettext_lazy("Whether the member acknowledged the current version.")
    )


class ServiceTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The task's id."))
    organisation = serializers.CharField(
        source="organisation.name", help_text=gettext_lazy("The organisation that published it.")
    )
    title = serializers.CharField(help_text=gettext_lazy("The task's title."))
    description = serializers.CharField(help_text=gettext_lazy("What is to be done."))
    skills = serializers.CharField(help_text=gettext_lazy("Skills it needs."))
    places = serializers.CharField(help_text=gettext_lazy("Where it takes place."))
    capacity = serializers.IntegerField(help_text=gettext_lazy("How many members it takes."))
    places_left = serializers.IntegerField(help_text=gettext_lazy("Places not yet claimed."))
    due_on = serializers.DateField(help_text=gettext_lazy("The deadline."))
    points = serializers.IntegerField(help_text=gettext_lazy("Service points paid once verified."))


class ServiceClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The claim's id."))
    task = serializers.IntegerField(source="task_id", help_text=gettext_lazy("The task's id."))
    task_title = serializers.CharField(
        source="task.title", help_text=gettext_lazy("The task's title.")
    )
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    reason = serializers.CharField(help_text=gettext_lazy("Why it was declined or sent back"))
    evidence = serializers.CharField(help_text=gettext_lazy("What the member reported doing."))
    points = serializers.IntegerField(
        source="points_entry.points",
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Paid on verify"),
    )


class ServiceItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The item's id."))
    name = serializers.CharField(help_text=gettext_lazy("The item's name."))
    description = serializers.CharField(help_text=gettext_lazy("What the item is."))
    price = serializers.IntegerField(help_text=gettext_lazy("Its price, in points."))
    ledger = serializers.CharField(
        help_text=gettext_lazy("The points ledger it is paid from: base or service.")
    )
    stock = serializers.IntegerField(help_text=gettext_lazy("How many are left."))


class ServiceRedemptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The redemption's id."))
    item = serializers.IntegerField(source="item_id", help_text=gettext_lazy("The item's id."))
    item_name = serializers.CharField(
        source="item.name", help_text=gettext_lazy("The item's name.")
    )
    points = serializers.IntegerField(help_text=gettext_lazy("Points debited."))
    status = serializers.ChoiceField(choices=RedemptionStatus.choices)
    reason = serializers.CharField(help_text=gettext_lazy("Why it was cancelled; empty otherwise."))
    created_at = serializers.DateTimeField(help_text=gettext_lazy("When it was requested."))


class ServiceBalancesSerializer(serializers.Serializer):
    base = serializers.IntegerField(help_text=gettext_lazy("Base points (duties)."))
    service = serializers.IntegerField(help_text=gettext_lazy("Service points (service tasks)."))


class ServiceOverviewSerializer(serializers.Serializer):
    codes = ServiceMemberCodeSerializer(
        many=True, help_text=gettext_lazy("The codes of conduct that apply to the member.")
    )
    tasks = ServiceTaskSerializer(
        many=True, help_text=gettext_lazy("Open tasks the member may claim.")
    )
    claims = ServiceClaimSerializer(many=True, help_text=gettext_lazy("The member's own claims."))
    catalogue = ServiceItemSerializer(
        many=True, help_text=gettext_lazy("Items the member may redeem.")
    )
    redemptions = ServiceRedemptionSerializer(
        many=True, help_text=gettext_lazy("The member's own redemptions.")
    )
    balances = ServiceBalancesSerializer()


class ServiceReportSerializer(serializers.Serializer):
    evidence = serializers.CharField(
        max_length=services.EVIDENCE_MAX, help_text=gettext_lazy("What the member did.")
    )
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_PHOTOS,
        help_text=gettext_lazy("Up to four photos (JPEG, PNG or WebP), each at most 5 MB."),
    )


class ServiceReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=services.REASON_MAX,
        required=False,
        default="",
        allow_blank=True,
        help_text=gettext_lazy("Why: required to decline or send back a claim."),
    )


class ServiceClaimRequestSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=services.REASON_MAX,
        required=False,
        default="",
        allow_blank=True,
        help_text=gettext_lazy("A note to the secretary."),
    )


# The secretary's.


class ServiceMemberRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The member's id."))
    name = serializers.CharField(help_text=gettext_lazy("The member's name."))
    organisation = serializers.CharField(
        source="organisation.name", help_text=gettext_lazy("The member's organisation.")
    )


class ServiceMissingSerializer(serializers.Serializer):
    code = ServiceCodeSerializer()
    missing_count = serializers.IntegerField(
        help_text=gettext_lazy("Members who have not acknowledged it.")
    )
    missing = ServiceMemberRefSerializer(many=True, help_text=gettext_lazy("The first 200"))


class ServiceBranchClaimSerializer(ServiceClaimSerializer):
    member = ServiceMemberRefSerializer()
    note = serializers.CharField(help_text=gettext_lazy("The member's note with the claim."))


class ServiceBranchRedemptionSerializer(ServiceRedemptionSerializer):
    member = ServiceMemberRefSerializer()


class ServiceBranchSerializer(serializers.Serializer):
    codes = ServiceMissingSerializer(
        many=True, help_text=gettext_lazy("Codes of conduct not acknowledged by every member.")
    )
    to_confirm = ServiceBranchClaimSerializer(
        many=True, help_text=gettext_lazy("Claims waiting to be confirmed.")
    )
    to_verify = ServiceBranchClaimSerializer(
        many=True, help_text=gettext_lazy("Claims reported done, waiting to be verified.")
    )
    to_hand_over = ServiceBranchRedemptionSerializer(
        many=True, help_text=gettext_lazy("Redemptions waiting to be handed over.")
    )


class ServiceOrgQuerySerializer(serializers.Serializer):
    org = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=gettext_lazy("The workspace's organisation (default: the secretary's own)."),
    )
