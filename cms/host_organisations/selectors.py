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
