"""1+10 in the admin (residents, contacts, rotating honours, the log of exports with phones,
grouped under 联系群众), its section in the branch report and the member's record, its tab in the
workspace, and its demo data. Organisation administrators reach their subtree's rows only."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.models import Member
from cms.organisation_access import (
    OrganisationScopedPermissionPolicy,
    OrganisationScopedViewSetMixin,
    administered_organisations,
)
from learning.residents.models import Contact, HonourPlaque, PhoneExport, Resident
from learning.sections import (
    BRANCH_REPORT_SECTION,
    BRANCH_TABS,
    MEMBER_RECORD_SECTION,
    Section,
    Tab,
)

register_permission_policy(
    Resident,
    OrganisationScopedPermissionPolicy(Resident, organisation_field="member__organisation"),
)
register_permission_policy(
    Contact, OrganisationScopedPermissionPolicy(Contact, organisation_field="member__organisation")
)
register_permission_policy(HonourPlaque, OrganisationScopedPermissionPolicy(HonourPlaque))


class ReadOnlyLogPolicy(OrganisationScopedPermissionPolicy):
    """The log of exports with phones is evidence: viewed, never edited or deleted."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action == "view" and super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(PhoneExport, ReadOnlyLogPolicy(PhoneExport, actions={"view"}))


def _limit_members(form, user, *, limited):
    """An organisation administrator links residents to members of their subtrees only."""
    field = form.fields.get("member")
    if limited and field is not None:
        field.queryset = Member.objects.filter(
            organisation__in=administered_organisations(user).values("pk")
        )


class ResidentViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    name = "residents_admin"
    model = Resident
    icon = "group"
    menu_label = _("Residents")
    list_display = ["name", "kind", "place", "member"]
    list_filter = ["kind"]
    search_fields = ["name", "place", "member__name"]
    form_fields = ["member", "kind", "name", "place", "phone"]
    copy_view_enabled = False

    def limit_form(self, form, user, *, limited):
        _limit_members(form, user, limited=limited)


class ContactViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    name = "resident_contacts_admin"
    model = Contact
    icon = "comment"
    menu_label = _("Contacts")
    list_display = ["resident", "member", "kind", "on"]
    list_filter = ["kind"]
    search_fields = ["resident__name", "member__name", "note"]
    form_fields = ["member", "resident", "kind", "on", "note"]
    copy_view_enabled = False

    def limit_form(self, form, user, *, limited):
        _limit_members(form, user, limited=limited)
        field = form.fields.get("resident")
        if limited and field is not None:
            field.queryset = Resident.objects.filter(
                member__organisation__in=administered_organisations(user).values("pk")
            )


class HonourPlaqueViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    name = "honours_admin"
    model = HonourPlaque
    icon = "pick"
    menu_label = _("Rotating honours")
    list_display = ["title", "organisation"]
    search_fields = ["title"]
    form_fields = ["organisation", "title", "description"]
    copy_view_enabled = False


class PhoneExportViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    """Read-only: who exported phones, when, for which subtree."""

    name = "phone_exports_admin"
    model = PhoneExport
    icon = "download"
    menu_label = _("Exports with phones")
    list_display = ["created_at", "user", "organisation", "rows"]
    form_fields = ["user", "organisation", "rows"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True


class ResidentsGroup(ViewSetGroup):
    menu_label = _("Residents (1+10)")
    menu_icon = "group"
    menu_order = 320
    items = (ResidentViewSet, ContactViewSet, HonourPlaqueViewSet, PhoneExportViewSet)


@hooks.register("register_admin_viewset")
def register_residents_admin():
    return ResidentsGroup()


# --- the workspace and the member's record -------------------------------------------------


@hooks.register(BRANCH_REPORT_SECTION)
def residents_section(*, organisation, user):
    from learning.residents.selectors import coverage

    return Section(
        key="residents",
        title=_("Contact with residents (1+10)"),
        template="residents/_branch_section.html",
        context={"coverage": coverage(organisation=organisation)},
    )


@hooks.register(MEMBER_RECORD_SECTION)
def residents_record(*, member):
    from django.utils import timezone

    from learning.residents.selectors import month_start, resident_rows, residents_of_member

    residents = list(residents_of_member(member=member))
    if not residents:
        return None
    today = timezone.localdate()
    return Section(
        key="residents",
        title=_("Residents I serve (1+10)"),
        template="residents/_record_section.html",
        context={
            # The member's own record: the selector shows them their residents' phones.
            "rows": resident_rows(user=member.user, residents=residents),
            "month_contacts": member.resident_contacts.filter(
                on__gte=month_start(today), on__lte=today
            ).count(),
        },
    )


@hooks.register(BRANCH_TABS)
def residents_tab():
    return Tab(title=_("Residents (1+10)"), url_name="residents:branch")


@hooks.register("xf_load_demo")
def load_demo_residents(site):
    from learning.residents.demo import load_demo_residents

    load_demo_residents(site.log)


@hooks.register("xf_demo_logins")
def residents_demo_logins():
    from learning.branch.demo import MEMBER_PASSWORD
    from learning.residents.demo import demo_member

    member = demo_member()
    if member is None:
        return []
    label = "Member with ten residents (1+10)"
    return [(label, "/residents/", member.user.username, MEMBER_PASSWORD)]
