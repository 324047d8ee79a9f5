"""Reads about host memberships: who belongs where, counted once (see the package docstring)."""

from django.db.models import Q, QuerySet

from cms.models import HostMembership, HostStatus, Member, Organisation


def _accepted_in_subtree(organisation: Organisation) -> QuerySet[HostMembership]:
    return HostMembership.objects.filter(
        status=HostStatus.ACCEPTED, organisation__path__startswith=organisation.path
    )


def members_in_subtree(*, organisation: Organisation, include_hosted: bool = True) -> QuerySet:
    """Members at home or (accepted) hosted in `organisation`'s subtree, each once.

    A subquery, not a join, so a member found both ways is still one row and the result
    composes with further filters, annotations and counts."""
    home = Q(organisation__path__startswith=organisation.path)
    if not include_hosted:
        return Member.objects.filter(home)
    hosted = _accepted_in_subtree(organisation).values("member_id")
    return Member.objects.filter(home | Q(pk__in=hosted))


def hosted_member_ids(*, organisation: Organisation) -> QuerySet:
    """Ids of members hosted in the subtree whose home lies elsewhere (marked 流动党员)."""
    return (
        _accepted_in_subtree(organisation)
        .exclude(member__organisation__path__startswith=organisation.path)
        .values_list("member_id", flat=True)
    )


def hostings_in_subtree(*, organisation: Organisation) -> QuerySet:
    """Accepted host memberships whose host lies in `organisation`'s subtree, home anywhere
    (inside the subtree too): what a report adds to its home members, counting each member
    once where home and host meet (learning.branch.hosted)."""
    return _accepted_in_subtree(organisation)


def common_ancestor_path(a: str, b: str) -> str:
    """The tree path of the nearest organisation containing both paths ('' if none)."""
    steplen = Organisation.steplen
    length = 0
    while (
        length + steplen <= min(len(a), len(b)) and a[: length + steplen] == b[: length + steplen]
    ):
        length += steplen
    return a[:length]


def active_host(*, member: Member) -> HostMembership | None:
    return (
        HostMembership.objects.filter(member=member, status=HostStatus.ACCEPTED)
        .select_related("organisation")
        .first()
    )


def member_organisations(*, member: Member) -> list[Organisation]:
    """The member's home organisation, then their host organisation if they have one."""
    hosting = active_host(member=member)
    return [member.organisation] + ([hosting.organisation] if hosting else [])


def _nearest_secretary_ids(organisation: Organisation, *, stop_at: str = "") -> list[int]:
    """Secretaries and committee members of the node, else of the nearest ancestor that has
    some (not above `stop_at`, a path): the people who answer for that node."""
    steplen = Organisation.steplen
    paths = [organisation.path[:end] for end in range(steplen, len(organisation.path) + 1, steplen)]
    paths = [p for p in paths if p.startswith(stop_at)]
    rows = Member.objects.filter(
        organisation__path__in=paths, role__in=("secretary", "committee")
    ).values_list("pk", "organisation__path")
    by_path: dict[str, list[int]] = {}
    for pk, path in rows:
        by_path.setdefault(path, []).append(pk)
    for path in reversed(paths):
        if by_path.get(path):
            return by_path[path]
    return []


def host_secretary_ids(*, organisation: Organisation) -> list[int]:
    """Who hears of a new application to `organisation`: its secretaries, or the nearest
    hosting ancestor's (never above the node flagged hosts_members_away)."""
    flagged = (
        Organisation.objects.filter(hosts_members_away=True)
        .filter(
            pk__in=[organisation.pk, *organisation.get_ancestors().values_list("pk", flat=True)]
        )
        .order_by("depth")
        .values_list("path", flat=True)
        .first()
    )
    return _nearest_secretary_ids(organisation, stop_at=flagged or organisation.path)


def home_secretary_ids(*, member: Member) -> list[int]:
    """Who at home hears that a member's hosting ended: the nearest secretaries above them."""
    return [pk for pk in _nearest_secretary_ids(member.organisation) if pk != member.pk]
