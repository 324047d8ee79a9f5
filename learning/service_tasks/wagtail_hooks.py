"""Admin screens for the two lists and the catalogue (under 服务任务), the sections this domain
adds to the branch report and the member's record, the workspace tab, and the demo."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import BooleanColumn
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
from learning.service_tasks.models import CatalogueItem, CodeOfConduct, ServiceTask

# Organisation administrators manage the lists and catalogues of their subtrees only.
for _model in (CodeOfConduct, ServiceTask, CatalogueItem):
    register_permission_policy(_model, OrganisationScopedPermissionPolicy(_model))


class CodeOfConductViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    model = CodeOfConduct
    icon = "list-ol"
    menu_label = _("Codes of conduct")
    list_display = ["title", "organisation", "version", "published_at"]
    # A new version is a new row (members are asked again); the version number is given by
    # CodeOfConduct.save. Editing a row fixes a typo without asking again.
    panels = [FieldPanel("organisation"), FieldPanel("title"), FieldPanel("body")]
    copy_view_enabled = False


class ServiceTaskViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    model = ServiceTask
    icon = "tasks"
    menu_label = _("Service tasks")
    # A yes/no column shows a tick or a cross, not Python's True/False.
    list_display = [
        *["title", "organisation", "due_on", "capacity", "points"],
        BooleanColumn("is_open", label=ServiceTask._meta.get_field("is_open").verbose_name),
    ]
    list_filter = ["is_open"]
    search_fields = ["title"]
    panels = [
        FieldPanel("organisation"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("skills"), FieldPanel("places")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("due_on"), FieldPanel("points")]),
        FieldPanel("is_open"),
    ]


class CatalogueItemViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    model = CatalogueItem
    icon = "pick"
    menu_label = _("Redemption catalogue")
    list_display = [
        *["name", "organisation", "price", "ledger", "stock"],
        BooleanColumn("is_active", label=CatalogueItem._meta.get_field("is_active").verbose_name),
    ]
    panels = [
        FieldPanel("organisation"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("price"), FieldPanel("ledger"), FieldPanel("stock")]),
        FieldPanel("is_active"),
    ]


class ServiceGroup(ViewSetGroup):
    menu_label = _("Service tasks")
    menu_icon = "tasks"
    items = (
        CodeOfConductViewSet("service-codes"),
        ServiceTaskViewSet("service-tasks"),
        CatalogueItemViewSet("service-catalogue"),
    )


@hooks.register("register_admin_viewset")
def register_service_admin():
    return ServiceGroup()


@hooks.register(BRANCH_TABS)
def service_tab():
    return Tab(title=_("Service tasks"), url_name="service_tasks:branch")


@hooks.register(BRANCH_REPORT_SECTION)
def service_section(*, organisation, user):
    from learning.service_tasks.selectors import branch_figures

    return Section(
        key="service_tasks",
        title=_("Service tasks and redemption"),
        template="service_tasks/_branch_section.html",
        context={
            "organisation": organisation,
            "figures": branch_figures(organisation=organisation),
        },
    )


@hooks.register(MEMBER_RECORD_SECTION)
def service_record(*, member):
    from learning.service_tasks.selectors import member_record

    record = member_record(member=member)
    if record is None:
        return None
    return Section(
        key="service_tasks",
        title=_("My service tasks and redemptions"),
        template="service_tasks/_record_section.html",
        context={"record": record},
    )


@hooks.register("xf_load_demo")
def load_demo_service(site):
    from learning.service_tasks.demo import load_demo_service

    load_demo_service(site)


@hooks.register("xf_demo_logins")
def demo_logins():
    from learning.service_tasks.demo import demo_logins

    return demo_logins()
