"""Admin screen where superusers appoint organisation administrators (设置 → 组织管理员): list,
grant, revoke. Grants are not edited: revoke one and grant another."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import CreateView, DeleteView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.models import Organisation, OrganisationAdministrator
from cms.organisation_access import (
    organisation_administrator_grant,
    organisation_administrator_revoke,
)


class SuperusersOnlyPolicy(ModelPermissionPolicy):
    """Only superusers appoint (a model permission given to a group does not count: whoever
    could grant could make themselves administrator of any subtree). Nobody edits a grant."""

    ACTIONS = frozenset({"add", "delete", "view"})

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in self.ACTIONS

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


register_permission_policy(
    OrganisationAdministrator, SuperusersOnlyPolicy(OrganisationAdministrator)
)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        member = getattr(obj, "member", None)
        return f"{obj.username}（{member.name}）" if member else obj.username


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.indented_name}（{obj.get_kind_display()}）"


class GrantForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Superusers reach everything already; inactive accounts cannot sign in.
        self.fields["user"] = UserChoiceField(
            queryset=get_user_model()
            .objects.filter(is_active=True, is_superuser=False)
            .select_related("member")
            .order_by("username"),
            label=_("user"),
        )
        self.fields["organisation"] = OrganisationChoiceField(
            queryset=Organisation.objects.order_by("path"),
            label=_("organisation"),
            help_text=_("The user manages this organisation and every organisation under it."),
        )


class GrantCreateView(CreateView):
    def save_instance(self):
        grant = organisation_administrator_grant(
            user=self.form.cleaned_data["user"],
            organisation=self.form.cleaned_data["organisation"],
            granted_by=self.request.user,
        )
        log(grant, "wagtail.create", user=self.request.user)
        return grant

    def get_success_buttons(self):
        return []  # no edit page to offer


class GrantDeleteView(DeleteView):
    def delete_action(self):
        log(self.object, "wagtail.delete", user=self.request.user)
        organisation_administrator_revoke(grant=self.object, revoked_by=self.request.user)


class OrganisationAdministratorViewSet(ModelViewSet):
    model = OrganisationAdministrator
    icon = "key"
    menu_label = _("Organisation administrators")
    add_to_settings_menu = True
    list_display = ["user", "organisation", "granted_by", "granted_at"]
    search_fields = ["user__username", "organisation__name"]
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("organisation")], base_form_class=GrantForm
    )
    add_view_class = GrantCreateView
    delete_view_class = GrantDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(edit_url_name=None, **kwargs)

    def get_urlpatterns(self):
        # No edit page: a grant is revoked and granted again, so the group follows the grants.
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in ("edit", "copy", "inspect")
        ]
