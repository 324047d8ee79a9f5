"""Selections in the admin (scoped to the organisation administrator's subtrees), the tab and
section in the branch workspace, the section on the member's record, and the demo."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.organisation_access import (
    OrganisationScopedPermissionPolicy,
    OrganisationScopedViewSetMixin,
)
from learning.sections import (
    BRANCH_REPORT_SECTION,
    BRANCH_TABS,
    MEMBER_RECORD_SECTION,
    Section,
    Tab,
)
from learning.selections.models import Candidate, Objection, Selection

register_permission_policy(Selection, OrganisationScopedPermissionPolicy(Selection))
register_permission_policy(
    Objection,
    OrganisationScopedPermissionPolicy(
        Objection, organisation_field="candidate__selection__organisation"
    ),
)


class SelectionViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    model = Selection
    icon = "pick"
    menu_label = _("Five-star selections")
    list_display = ["title", "organisation", "year", "quota", "notice_published_at", "finalised_at"]
    list_filter = ["year"]
    search_fields = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("year")]),
        FieldPanel("title"),
        FieldPanel("dimensions"),
        FieldRowPanel([FieldPanel("quota"), FieldPanel("notice_days")]),
        MultiFieldPanel(
            [
                FieldPanel("self_assessment_opens_on"),
                FieldPanel("self_assessment_closes_on"),
                FieldPanel("recommendation_closes_on"),
                FieldPanel("review_closes_on"),
            ],
            heading=_("Timetable"),
        ),
        FieldPanel("conferring_body"),
    ]


class ObjectionViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    model = Objection
    icon = "warning"
    menu_label = _("Objections")
    list_display = ["candidate", "status", "created_at", "answered_at"]
    list_filter = ["status"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [FieldPanel("status"), FieldPanel("answer")]


class SelectionsGroup(ViewSetGroup):
    menu_label = _("Exemplar selections")
    menu_icon = "pick"
    menu_order = 215
    items = (SelectionViewSet("selection-admin"), ObjectionViewSet("selection-objections"))


@hooks.register("register_admin_viewset")
def register_selections_admin():
    return SelectionsGroup()


@hooks.register(BRANCH_TABS)
def selections_tab():
    return Tab(title=_("Five-star selections"), url_name="selections:branch-list")


@hooks.register(BRANCH_REPORT_SECTION)
def selections_section(*, organisation, user):
    from learning.selections.selectors import selection_stage, workspace_selections

    selection = workspace_selections(organisation).first()
    if selection is None:
        return None
    figures = Candidate.objects.filter(
        selection=selection, branch__path__startswith=organisation.path
    ).aggregate(
        candidates=Count("pk"),
        recommended=Count("pk", filter=Q(recommended=True)),
        chosen=Count("pk", filter=Q(chosen=True)),
    )
    return Section(
        key="selections",
        title=_("Five-star selection"),
        template="selections/_branch_section.html",
        context={
            "selection": selection,
            "stage": selection_stage(selection),
            "organisation": organisation,
            **figures,
        },
    )


@hooks.register(MEMBER_RECORD_SECTION)
def selections_record(*, member):
    from learning.selections.selectors import honours_of

    honours = list(honours_of(member)[:10])
    return Section(
        key="selections",
        title=_("My honours"),
        template="selections/_record_section.html",
        context={"honours": honours},
    )


@hooks.register("xf_load_demo")
def load_demo_selection(site):
    from learning.selections.demo import load_demo_selection

    load_demo_selection(site)
