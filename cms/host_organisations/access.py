"""Who may act for which host organisation, and who sees which member's hosting.

The tree decides, as everywhere (learning/branch/access.py, cms/organisation_access.py): a
branch secretary or committee member acts for their own organisation's subtree, an
organisation administrator for the subtrees granted to them, a superuser everywhere. cms
cannot import the workspace's rule (learning), so the same rule is read here from the role on
cms.Member.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cms.members import member_of
from cms.models import HostMembership, Organisation
from cms.organisation_access import administered_organisations


def _paths_q(paths, prefix="") -> Q | None:
    q = None
    for path in paths:
        term = Q(**{f"{prefix}path__startswith": path})
        q = term if q is None else q | term
    return q


def reach_paths(user) -> tuple[str, ...] | None:
    """Paths of the subtrees a user acts for; None means every organisation (superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    if user.is_superuser:
        return None
    paths = set(administered_organisations(user).values_list("path", flat=True))
    member = member_of(user)
    if member is not None and member.is_secretary:
        paths.add(member.organisation.path)
    # A granted node's descendants are in the set too; the shortest prefixes are enough.
    return tuple(p for p in sorted(paths) if not any(p != q and p.startswith(q) for q in paths))


def reached_organisations(user) -> QuerySet:
    paths = reach_paths(user)
    if paths is None:
        return Organisation.objects.all()
    q = _paths_q(paths)
    return Organisation.objects.filter(q) if q is not None else Organisation.objects.none()


def open_host_organisations() -> QuerySet:
    """Where members may apply: every node flagged hosts_members_away and every node under one."""
    roots = Organisation.objects.filter(hosts_members_away=True).values_list("path", flat=True)
    q = _paths_q(list(roots))
    return Organisation.objects.filter(q) if q is not None else Organisation.objects.none()


def managed_host_organisations(user) -> QuerySet:
    """The host organisations a user decides for (hosting nodes within their reach)."""
    return open_host_organisations().filter(pk__in=reached_organisations(user).values("pk"))


def may_manage_host(user, organisation) -> bool:
    return managed_host_organisations(user).filter(pk=organisation.pk).exists()


def managed_memberships(user) -> QuerySet:
    """Applications and hostings addressed to organisations the user decides for."""
    return HostMembership.objects.filter(
        organisation__in=managed_host_organisations(user)
    ).select_related("member__organisation", "organisation", "decided_by", "ended_by")


def home_memberships(user) -> QuerySet:
    """Hostings of the members whose home lies within the user's reach (双重管理: the home
    organisation sees where its members are hosted)."""
    paths = reach_paths(user)
    rows = HostMembership.objects.select_related("member__organisation", "organisation")
    if paths is None:
        return rows
    q = _paths_q(paths, prefix="member__organisation__")
    return rows.filter(q) if q is not None else rows.none()


def managed_membership(user, membership_id) -> HostMembership:
    """One application or hosting the user decides on; 404 for any other (never confirmed)."""
    try:
        membership_id = int(membership_id)
    except (TypeError, ValueError):
        raise Http404(_("There is no such record.")) from None
    found = managed_memberships(user).filter(pk=membership_id).first()
    if found is None:
        raise Http404(_("There is no such record."))
    return found


def may_use_host_pages(user) -> bool:
    """Secretaries, committee members, organisation administrators and superusers."""
    paths = reach_paths(user)
    return paths is None or bool(paths)
