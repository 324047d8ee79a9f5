"""Members away from home (流动党员): host organisations besides the home one.

The model is cms.models.HostMembership (member, host organisation, status applied / accepted /
declined / ended, where they work away, reason, decided_by/at, since/until). At most one
accepted host per member (a database constraint). Organisations that take members away from
home carry Organisation.hosts_members_away; members may apply to such a node or any node under
it (a mobile party committee, 流动党委, and its second-level committees).

Public selectors for the apps above cms (branch figures, meetings):

- ``members_in_subtree(*, organisation, include_hosted=True) -> QuerySet[Member]``
  Members whose home organisation OR accepted host organisation lies in `organisation`'s
  subtree, each once (a member with both in the subtree is one row). With
  include_hosted=False: home members only.
- ``hosted_member_ids(*, organisation) -> QuerySet[int]``
  Ids of the members with an accepted host in `organisation`'s subtree whose home lies
  outside it: the ones a report marks 流动党员. A values queryset, usable in
  ``filter(pk__in=...)``; wrap it in set() to test membership in Python.
- ``active_host(*, member) -> HostMembership | None`` — the member's accepted hosting.
- ``member_organisations(*, member) -> list[Organisation]`` — home first, then the host.
- ``host_secretary_ids(*, organisation)`` / ``home_secretary_ids(*, member)`` — who is told.

Services (cms.host_organisations.services): host_membership_apply, host_membership_accept,
host_membership_decline, host_membership_end. Each decision sends
cms.host_organisations.signals.host_membership_changed after commit; learning turns it into an
inbox message (learning/host_notices.py). cms never imports learning.
"""

from cms.host_organisations.selectors import (
    active_host,
    home_secretary_ids,
    host_secretary_ids,
    hosted_member_ids,
    member_organisations,
    members_in_subtree,
)

__all__ = [
    "active_host",
    "home_secretary_ids",
    "host_secretary_ids",
    "hosted_member_ids",
    "member_organisations",
    "members_in_subtree",
]
