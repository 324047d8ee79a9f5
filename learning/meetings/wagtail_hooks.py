"""Meetings in the Wagtail admin (organisation administrators reach their subtrees' only; a
closed meeting is read-only), the workspace's tab, the branch report's and the member
record's sections, and the demo's meetings."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.organisation_access import (
    OrganisationScopedPermissionPolicy,
    OrganisationScopedViewSetMixin,
)
from learning.meetings.models import Meeting
from learning.sections import (
    BRANCH_REPORT_SECTION,
    BRANCH_TABS,
    MEMBER_RECORD_SECTION,
    Section,
    Tab,
)


class MeetingPolicy(OrganisationScopedPermissionPolicy):
    """Scoped by organisation; a closed meeting can be viewed but not changed or deleted."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete") and instance.is_closed:
            return False
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(Meeting, MeetingPolicy(Meeting))


class MeetingCreateView(CreateView):
    def save_instance(self):
        from learning.meetings.services import meeting_expect

        instance = super().save_instance()
        # As on the workspace page: the node's members are expected and notified.
        meeting_expect(meeting=instance)
        return instance


class MeetingViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Meetings")
    add_to_admin_menu = True
    add_view_class = MeetingCreateView
    list_display = ["topic", "kind", "organisation", "starts_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["topic"]
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("kind")]),
        FieldPanel("topic"),
        FieldPanel("agenda"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("lecture"), FieldPanel("capacity")])],
            heading=_("Lecture session"),
        ),
        MultiFieldPanel(
            [FieldPanel("minutes"), FieldPanel("resolutions")], heading=_("After the meeting")
        ),
    ]


@hooks.register("register_admin_viewset")
def register_meetings():
    return MeetingViewSet("meetings_admin")


@hooks.register(BRANCH_TABS)
def meetings_tab():
    return Tab(title=_("Meetings"), url_name="meetings:branch-list")


@hooks.register(BRANCH_REPORT_SECTION)
def meetings_section(*, organisation, user):
    from learning.meetings.selectors import branch_meeting_figures

    return Section(
        key="meetings",
        title=_("Meetings"),
        template="meetings/_branch_section.html",
        context={
            "figures": branch_meeting_figures(organisation=organisation),
            "organisation_id": organisation.pk,
        },
    )


@hooks.register(MEMBER_RECORD_SECTION)
def meetings_record(*, member):
    from learning.meetings.selectors import member_meeting_record

    rows = member_meeting_record(member=member)
    if not rows:
        return None
    return Section(
        key="meetings",
        title=_("My meetings"),
        template="meetings/_record_section.html",
        context={"rows": rows},
    )


@hooks.register("xf_load_demo")
def load_demo_meetings(site):
    from learning.meetings.demo import load_demo_meetings

    load_demo_meetings(site.log)
