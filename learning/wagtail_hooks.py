"""Admin screens: members, quizzes, assignments and points rules, grouped under 学习管理."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from learning.forms import MemberForm
from learning.models import Assignment, Member, PointsEntry, PointsRule, Quiz


class MemberViewSet(ModelViewSet):
    model = Member
    icon = "user"
    menu_label = _("Members")
    list_display = ["name", "organisation", "role", "user"]
    list_filter = ["role"]
    search_fields = ["name", "user__username"]
    edit_handler = ObjectList(
        [FieldPanel("name"),
         FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")]),
         FieldPanel("joined_party_on"),
         MultiFieldPanel([FieldPanel("user"), FieldPanel("new_username"),
                          FieldPanel("new_password")], heading=_("Sign-in account"))],
        base_form_class=MemberForm)
    copy_view_enabled = False
    inspect_view_enabled = True


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "help"
    menu_label = _("Quizzes")
    list_display = ["title", "lecture", "pass_mark", "max_attempts"]
    search_fields = ["title"]


class AssignmentViewSet(SnippetViewSet):
    model = Assignment
    icon = "date"
    menu_label = _("Assignments")
    list_display = ["lecture", "organisation", "due_on"]


class PointsRuleViewSet(ModelViewSet):
    model = PointsRule
    icon = "pick"
    menu_label = _("Points rules")
    list_display = ["reason", "ledger", "points", "daily_cap"]
    panels = [FieldPanel("reason"), FieldPanel("ledger"), FieldPanel("points"),
              FieldPanel("daily_cap")]
    copy_view_enabled = False


class PointsEntryViewSet(ModelViewSet):
    """The ledger, read-only: entries are written by the services and never edited."""

    model = PointsEntry
    icon = "list-ul"
    menu_label = _("Points ledger")
    list_display = ["member", "reason", "ledger", "points", "created_at"]
    list_filter = ["ledger", "reason"]
    search_fields = ["member__name", "source_key"]
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["member"]


class LearningGroup(ViewSetGroup):
    menu_label = _("Study management")
    menu_icon = "openquote"
    menu_order = 210
    items = (MemberViewSet("members"), QuizViewSet(), AssignmentViewSet(),
             PointsRuleViewSet("points-rules"), PointsEntryViewSet("points-ledger"))


@hooks.register("register_admin_viewset")
def register_learning_admin():
    return LearningGroup()
