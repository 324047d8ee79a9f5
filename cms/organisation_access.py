"""Organisation administrators (组织管理员): who manages which part of the tree in the admin.

A superuser grants the role on a node (organisation_administrator_grant). The user then
reaches, in the admin, the members, assignments and pledges of that node's subtree and nothing
else. Model permissions keep their meaning: whoever holds one (superusers; Editors and
Moderators for pledges) reaches every row of that model. The role adds a reach the tree limits;
OrganisationScopedPermissionPolicy joins the two for a model, and OrganisationScopedViewSetMixin
makes every view of a Wagtail viewset ask it (listing, search, objects, form choices).

Why a group: Wagtail lets into the admin only users holding wagtailadmin.access_admin. A grant
puts the user in the group 组织管理员, which holds that one permission and no model permission
(a model permission would reach every organisation); revoking their last grant takes them out.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from cms.models import Organisation, OrganisationAdministrator, Pledge

GROUP_NAME = "组织管理员"  # also in cms/migrations/0008_organisation_administrators.py
SCOPED_ACTIONS = frozenset({"add", "change", "delete", "view"})
_PATHS = "_xf_administered_paths"  # cached on the user object, so once per request


# --- selectors ------------------------------------------------------------------------------


def _granted_paths(user) -> tuple[str, ...]:
    """Paths of the nodes granted to the user (each one stands for its whole subtree)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    paths = getattr(user, _PATHS, None)
    if paths is None:
        paths = tuple(
            OrganisationAdministrator.objects.filter(user=user).values_list(
                "organisation__path", flat=True
            )
        )
        setattr(user, _PATHS, paths)
    return paths


def _subtrees_q(paths, prefix=""):
    """Q for rows whose organisation lies under one of `paths`; None when there are none."""
    q = None
    for path in paths:
        term = Q(**{f"{prefix}path__startswith": path})
        q = term if q is None else q | term
    return q


def administered_organisations(user):
    """The organisations a user administers: the subtrees of their grants; all for a superuser."""
    if user is not None and user.is_active and user.is_superuser:
        return Organisation.objects.all()
    q = _subtrees_q(_granted_paths(user))
    return Organisation.objects.filter(q) if q is not None else Organisation.objects.none()


def is_organisation_administrator(user) -> bool:
    return bool(_granted_paths(user))


# --- services -------------------------------------------------------------------------------


def organisation_administrator_group() -> Group:
    group, created = Group.objects.get_or_create(name=GROUP_NAME)
    if created:  # the migration makes it; this only runs if someone deleted it since
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return group


@transaction.atomic
def organisation_administrator_grant(*, user, organisation, granted_by=None):
    """Make `user` an administrator of `organisation`'s subtree (idempotent).

    Only a superuser grants; granted_by=None is the system itself (the demo loader)."""
    if granted_by is not None and not (granted_by.is_active and granted_by.is_superuser):
        raise PermissionDenied(_("Only a superuser can appoint organisation administrators."))
    grant, _created = OrganisationAdministrator.objects.get_or_create(
        user=user, organisation=organisation, defaults={"granted_by": granted_by}
    )
    user.groups.add(organisation_administrator_group())
    _forget(user)
    return grant


@transaction.atomic
def organisation_administrator_revoke(*, grant, revoked_by=None) -> None:
    if revoked_by is not None and not (revoked_by.is_active and revoked_by.is_superuser):
        raise PermissionDenied(_("Only a superuser can appoint organisation administrators."))
    user = grant.user
    grant.delete()
    if not OrganisationAdministrator.objects.filter(user=user).exists():
        user.groups.remove(*Group.objects.filter(name=GROUP_NAME))
    _forget(user)


def _forget(user):
    if hasattr(user, _PATHS):
        delattr(user, _PATHS)


# --- permission policy and viewsets ---------------------------------------------------------


class OrganisationScopedPermissionPolicy(ModelPermissionPolicy):
    """A model permission reaches every row; an organisation administrator reaches, for
    `actions`, the rows whose organisation (`organisation_field`, a lookup path) lies in a
    subtree they administer."""

    def __init__(self, model, *, organisation_field="organisation", actions=SCOPED_ACTIONS):
        super().__init__(model)
        self.organisation_field = organisation_field
        self.scoped_actions = frozenset(actions)

    def reaches_all(self, user, action) -> bool:
        return super().user_has_permission(user, action)

    def _scoped(self, user, action) -> bool:
        return action in self.scoped_actions and is_organisation_administrator(user)

    def user_has_permission(self, user, action):
        return self.reaches_all(user, action) or self._scoped(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        everywhere = super().users_with_any_permission(actions)
        if not self.scoped_actions.intersection(actions):
            return everywhere
        return (
            get_user_model()
            .objects.filter(
                Q(pk__in=everywhere.values("pk"))
                | Q(is_active=True, organisation_grants__isnull=False)
            )
            .distinct()
        )

    def organisation_of(self, instance):
        target = instance
        for name in self.organisation_field.split("__"):
            # A missing link (a pledge whose author is no member any more) reaches no subtree.
            target = getattr(target, name, None)
            if target is None:
                return None
        return target

    def user_has_permission_for_instance(self, user, action, instance):
        if self.reaches_all(user, action):
            return True
        if not self._scoped(user, action):
            return False
        organisation = self.organisation_of(instance)
        return organisation is not None and any(
            organisation.path.startswith(path) for path in _granted_paths(user)
        )

    def scope(self, user, queryset, actions):
        """`queryset` narrowed to the rows the user may act on with any of `actions`."""
        if any(self.reaches_all(user, action) for action in actions):
            return queryset
        if not self.scoped_actions.intersection(actions):
            return queryset.none()
        q = _subtrees_q(_granted_paths(user), prefix=f"{self.organisation_field}__")
        return queryset.filter(q) if q is not None else queryset.none()

    def instances_user_has_any_permission_for(self, user, actions):
        return self.scope(user, self.model._default_manager.all(), actions)

    def organisation_choices(self, user, action):
        """Where `action` may put a row: None for anywhere, else the administered subtrees."""
        return None if self.reaches_all(user, action) else administered_organisations(user)


# Pledges belong to their author's member record (where the member is now, not the snapshot
# the wall shows): Editors and Moderators moderate every pledge, an administrator their members'.
PLEDGE_MODERATION = OrganisationScopedPermissionPolicy(
    Pledge, organisation_field="author__member__organisation", actions={"change"}
)


def _policy(view):
    policy = view.permission_policy
    return policy if isinstance(policy, OrganisationScopedPermissionPolicy) else None


class ScopedIndexMixin:
    """Listing, search and filters only over the rows the user reaches."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        policy = _policy(self)
        if policy is None:
            return queryset
        return policy.scope(self.request.user, queryset, self.any_permission_required)


class ScopedObjectMixin:
    """An object outside the user's reach is not found (404): its existence is not confirmed."""

    def get_object(self, *args, **kwargs):
        policy = _policy(self)
        try:
            instance = super().get_object(*args, **kwargs)
        except PermissionDenied:
            if policy is None:
                raise
            raise Http404(_("There is no such record.")) from None  # Wagtail's copy view checks too
        if instance is None or policy is None:
            return instance
        actions = (
            [self.permission_required] if self.permission_required else self.any_permission_required
        )
        if not policy.user_has_any_permission_for_instance(self.request.user, actions, instance):
            raise Http404(_("There is no such record."))
        return instance


class ScopedFormMixin(ScopedObjectMixin):
    """The organisation field offers only the administered subtrees: a crafted POST with any
    other organisation is a form error ("not one of the available choices"), never saved."""

    limit_form = None  # the viewset's limit_form(form, user, limited), passed as a view kwarg

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        policy = _policy(self)
        if policy is None:
            return form
        choices = policy.organisation_choices(self.request.user, self.permission_required)
        field = form.fields.get(policy.organisation_field)
        if choices is not None and field is not None:
            field.queryset = field.queryset.filter(pk__in=choices.values("pk"))
        if self.limit_form is not None:
            self.limit_form(form, self.request.user, limited=choices is not None)
        return form


def _chooser_scope(view, queryset):
    policy = policy_registry.get_by_type(view.model_class)
    if not isinstance(policy, OrganisationScopedPermissionPolicy):
        return queryset
    return policy.scope(view.request.user, queryset, SCOPED_ACTIONS)


class ScopedChooserListMixin:
    def get_object_list(self):
        return _chooser_scope(self, super().get_object_list())


class ScopedChosenMixin:
    def get_object(self, pk):
        found = _chooser_scope(self, self.model_class.objects.filter(pk=pk)).first()
        if found is None:
            raise self.model_class.DoesNotExist  # the view answers 404
        return found


class ScopedChosenMultipleMixin:
    def get_objects(self, pks):
        return _chooser_scope(self, super().get_objects(pks))


def _wrap(owner, attributes):
    for attribute, mixin in attributes.items():
        view_class = getattr(owner, attribute, None)
        if view_class is not None and not issubclass(view_class, mixin):
            setattr(owner, attribute, type(f"Scoped{view_class.__name__}", (mixin, view_class), {}))


class OrganisationScopedViewSetMixin:
    """For a ModelViewSet or SnippetViewSet whose model has an OrganisationScopedPermissionPolicy
    registered (wagtail.permissions.register_permission_policy): each view class is wrapped so
    it reaches only what the policy lets the user reach."""

    SCOPED_VIEWS = {
        "index_view_class": ScopedIndexMixin,
        "add_view_class": ScopedFormMixin,
        "copy_view_class": ScopedFormMixin,
        "edit_view_class": ScopedFormMixin,
        "delete_view_class": ScopedObjectMixin,
        "inspect_view_class": ScopedObjectMixin,
        "history_view_class": ScopedObjectMixin,
        "usage_view_class": ScopedObjectMixin,
    }

    # A snippet's chooser (a modal any admin user may open) lists and returns rows too.
    SCOPED_CHOOSER_VIEWS = {
        "choose_view_class": ScopedChooserListMixin,
        "choose_results_view_class": ScopedChooserListMixin,
        "chosen_view_class": ScopedChosenMixin,
        "chosen_multiple_view_class": ScopedChosenMultipleMixin,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _wrap(self, self.SCOPED_VIEWS)
        chooser = getattr(self, "chooser_viewset_class", None)
        if chooser is not None:
            self.chooser_viewset_class = type(f"Scoped{chooser.__name__}", (chooser,), {})
            _wrap(self.chooser_viewset_class, self.SCOPED_CHOOSER_VIEWS)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(limit_form=self.limit_form, **kwargs)

    def limit_form(self, form, user, *, limited):
        """Narrow other choices of the form; `limited` when the user's reach is a subtree."""


class ScopedSnippetDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete of snippets, for one scoped model (set `models`; register it with
    a late order so it replaces Wagtail's). Wagtail deletes only what the policy allows but
    names the other selected rows on its confirmation page; this one does not name them."""

    @cached_property
    def _actionable_objects(self):
        objects, _denied = BulkAction.get_actionable_objects(self)
        return objects, {"items_with_no_access": []}
