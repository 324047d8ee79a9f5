"""Who may see which organisation's report: the tree decides.

A secretary or committee member sees their own organisation and everything under it; a
superuser sees every organisation; nobody else sees any. Every page, endpoint and export asks
`organisation_for`, so there is one rule to test.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from cms.members import member_of
from cms.models import Organisation


def may_use_workspace(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    member = member_of(user)
    return member is not None and member.is_secretary


def organisations_visible_to(user):
    """The organisations whose members this user may see by name (a queryset)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    member = member_of(user)
    if member is None or not member.is_secretary:
        return Organisation.objects.none()
    return Organisation.objects.filter(path__startswith=member.organisation.path)


def home_organisation(user):
    """The organisation a user's workspace opens on: their own, or the first root."""
    member = member_of(user)
    if member is not None and member.is_secretary:
        return member.organisation
    return Organisation.get_first_root_node() if user.is_superuser else None


def organisation_for(user, organisation_id=None):
    """The organisation a request asks for, if this user may see it.

    PermissionDenied for a user with no workspace at all; Http404 for an organisation outside
    what the user may see, so another subtree is never confirmed to exist."""
    if not may_use_workspace(user):
        raise PermissionDenied(_("Only branch secretaries and committee members can see this."))
    if organisation_id is None:
        found = home_organisation(user)
    else:
        found = organisations_visible_to(user).filter(pk=organisation_id).first()
    if found is None:
        raise Http404(_("There is no such organisation."))
    return found


def subtree_q(organisation, prefix="organisation__"):
    """Q for rows whose organisation lies in `organisation`'s subtree."""
    return Q(**{f"{prefix}path__startswith": organisation.path})
