"""Admin screen 流动党员 (host memberships): organisation administrators list, filter and inspect
the applications and hostings addressed to their subtrees; superusers all of them. Nobody
edits them here: accepting, declining and ending go through /host/manage/, where the member
and both organisations are told (services), so the admin offers no add, edit or delete."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.models import HostMembership
from cms.organisation_access import (
    OrganisationScopedPermissionPolicy,
    OrganisationScopedViewSetMixin,
)


class HostMembershipPolicy(OrganisationScopedPermissionPolicy):
    """View only, for everyone: superusers everywhere, administrators in their subtrees."""

    def reaches_all(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def _scoped(self, user, action):
        return action == "view" and super()._scoped(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])


register_permission_policy(HostMembership, HostMembershipPolicy(HostMembership, actions={"view"}))


class HostMembershipViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    model = HostMembership
    icon = "group"
    menu_label = _("Members away from home")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["member", "organisation", "status", "workplace", "created_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["member__name", "organisation__name", "workplace"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["status"]  # required by ModelViewSet; the policy never lets anyone edit


@hooks.register("register_admin_viewset")
def register_host_membership_viewset():
    return HostMembershipViewSet("host-memberships")


# The demo's mobile party committee and its members away from home (cms.demo runs the hook).
@hooks.register("xf_load_demo")
def load_demo_hosts(site):
    from cms.host_organisations.demo import load_demo_hosts

    load_demo_hosts(site)


@hooks.register("xf_demo_logins")
def demo_logins():
    from cms.host_organisations.demo import demo_logins

    return demo_logins()
