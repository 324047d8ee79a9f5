"""Admin screens: members, quizzes, assignments and points rules, grouped under 学习管理."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Member
from cms.organisation_access import (
    OrganisationScopedPermissionPolicy,
    OrganisationScopedViewSetMixin,
    ScopedSnippetDeleteBulkAction,
)
from learning.branch.inbox_admin import ReminderPolicyViewSet
from learning.forms import MemberForm, ReversePointsForm
from learning.models import Assignment, PointsEntry, PointsReason, PointsRule, Quiz
from learning.services.errors import StudyError
from learning.services.points import can_reverse_points, points_entry_reverse

# Organisation administrators reach the members and assignments of their subtrees only
# (cms.organisation_access); holders of the model permissions reach all of them.
register_permission_policy(Member, OrganisationScopedPermissionPolicy(Member))
register_permission_policy(Assignment, OrganisationScopedPermissionPolicy(Assignment))


class MemberViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    model = Member
    icon = "user"
    menu_label = _("Members")
    list_display = ["name", "organisation", "role", "user"]
    list_filter = ["role"]
    search_fields = ["name", "user__username"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")]),
            FieldPanel("joined_party_on"),
            MultiFieldPanel(
                [FieldPanel("user"), FieldPanel("new_username"), FieldPanel("new_password")],
                heading=_("Sign-in account"),
            ),
        ],
        base_form_class=MemberForm,
    )
    copy_view_enabled = False
    inspect_view_enabled = True

    def limit_form(self, form, user, *, limited):
        # An organisation administrator links no existing account (the list would show every
        # account without a member): they keep the member's own or create a new one.
        if limited and "user" in form.fields:
            field = form.fields["user"]
            field.queryset = field.queryset.filter(pk=form.instance.user_id)


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "help"
    menu_label = _("Quizzes")
    list_display = ["title", "lecture", "pass_mark", "max_attempts"]
    search_fields = ["title"]


class AssignmentViewSet(OrganisationScopedViewSetMixin, SnippetViewSet):
    model = Assignment
    icon = "date"
    menu_label = _("Assignments")
    # The model's "due on" is shared with the pledge's deadline (承诺期限); an assignment's
    # is a study deadline.
    list_display = [
        "lecture",
        "organisation",
        Column("due_on", label=pgettext_lazy("assignment", "due on"), sort_key="due_on"),
    ]


class AssignmentDeleteBulkAction(ScopedSnippetDeleteBulkAction):
    models = [Assignment]


hooks.register("register_bulk_action", AssignmentDeleteBulkAction, order=100)  # after Wagtail's


class PointsRuleViewSet(ModelViewSet):
    model = PointsRule
    icon = "pick"
    menu_label = _("Points rules")
    list_display = ["reason", "ledger", "points", "daily_cap", "yearly_cap"]
    panels = [
        FieldPanel("reason"),
        FieldPanel("ledger"),
        FieldPanel("points"),
        FieldPanel("daily_cap"),
        FieldPanel("yearly_cap"),
    ]
    copy_view_enabled = False


class LedgerPermissionPolicy(ModelPermissionPolicy):
    """The ledger is append-only: nobody, superusers included, adds, changes or deletes an
    entry in the admin (Wagtail would otherwise offer edit and delete to superusers); a
    correction is a reversing entry made through the "reverse" view."""

    WRITE_ACTIONS = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.WRITE_ACTIONS]
        return (
            super().users_with_any_permission(actions)
            if actions
            else get_user_model().objects.none()
        )


register_permission_policy(PointsEntry, LedgerPermissionPolicy(PointsEntry))


def reverse_url(entry):
    if entry.reason == PointsReason.REVERSAL or hasattr(entry, "reversal"):
        return None
    return reverse("points-ledger:reverse", args=[entry.pk])


class PointsEntryViewSet(ModelViewSet):
    """The ledger, read-only: entries are written by the services and never edited."""

    model = PointsEntry
    icon = "list-ul"
    menu_label = _("Points ledger")
    list_display = [
        "__str__",
        "member",
        "reason",
        "ledger",
        "points",
        "note",
        "created_at",
        TitleColumn(
            "correct",
            label=_("Correction"),
            get_url=reverse_url,
            accessor=lambda entry: _("Reverse…") if reverse_url(entry) else "",
        ),
    ]
    list_filter = ["ledger", "reason"]
    search_fields = ["member__name", "source_key", "note"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "member",
        "ledger",
        "reason",
        "points",
        "source_key",
        "note",
        "created_at",
        "reverses",
        "created_by",
    ]

    def get_queryset(self, request):
        return PointsEntry.objects.select_related("member", "reversal")

    def get_urlpatterns(self):
        # No add, edit or delete pages at all (the permission policy refuses them as well).
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("usage/<int:pk>/", self.usage_view, name="usage"),
            path("reverse/<int:pk>/", reverse_entry_view, name="reverse"),
        ]


def reverse_entry_view(request, pk):
    """冲正: an administrator cancels one entry with a new, opposite entry and a reason."""
    if not can_reverse_points(request.user):
        raise PermissionDenied
    entry = get_object_or_404(PointsEntry.objects.select_related("member"), pk=pk)
    form = ReversePointsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            points_entry_reverse(entry=entry, reason=form.cleaned_data["reason"], by=request.user)
        except StudyError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, _("The entry was reversed."))
            return redirect("points-ledger:index")
    return TemplateResponse(
        request, "learning/admin/reverse_points_entry.html", {"entry": entry, "form": form}
    )


class LearningGroup(ViewSetGroup):
    menu_label = _("Study management")
    menu_icon = "openquote"
    menu_order = 210
    items = (
        MemberViewSet("members"),
        QuizViewSet(),
        AssignmentViewSet(),
        PointsRuleViewSet("points-rules"),
        PointsEntryViewSet("points-ledger"),
        ReminderPolicyViewSet("reminder-policies"),
    )


@hooks.register("register_admin_viewset")
def register_learning_admin():
    return LearningGroup()


# The demo site's study content and member login (cms.demo.load_demo runs these hooks).
@hooks.register("xf_load_demo")
def load_demo_learning(site):
    from learning.demo import load_demo_site

    load_demo_site(site)


@hooks.register("xf_demo_logins")
def demo_logins():
    from learning.demo import demo_logins

    return demo_logins()
