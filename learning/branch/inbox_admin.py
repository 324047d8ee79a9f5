"""Admin screen of reminder policies: which reminder kinds an organisation makes mandatory for
its subtree (registered under 学习管理 in learning.wagtail_hooks)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from learning.branch.mute_forms import ReminderPolicyForm
from learning.models import MessageKind, ReminderPolicy


def mandatory_labels(policy):
    return "、".join(str(MessageKind(kind).label) for kind in policy.mandatory_kinds) or "—"


class ReminderPolicyViewSet(ModelViewSet):
    model = ReminderPolicy
    icon = "warning"
    menu_label = _("Reminder policies")
    list_display = [
        "organisation",
        Column("mandatory_kinds", label=_("Mandatory kinds"), accessor=mandatory_labels),
        "updated_at",
    ]
    search_fields = ["organisation__name"]
    edit_handler = ObjectList(
        [FieldPanel("organisation"), FieldPanel("mandatory_kinds")],
        base_form_class=ReminderPolicyForm,
    )
    copy_view_enabled = False
