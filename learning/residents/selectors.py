"""Reads of the 1+10 roster and the rotating honours.

The one rule for a resident's phone lives here: `resident_rows` is the only code that reads
`Resident.phone`, and it renders it for the viewer — in full for the member linked to the
resident, the secretaries and committee members above that member, and superusers; masked
(138****5678) for everyone else who may see the resident at all. Pages, the API and the
export take rows from it, never model instances, so none of them can forget the mask.

Who may see a resident at all (`residents_visible_to`): the linked member, members of the
same organisation (masked: they cover for each other), secretaries of the subtree, superusers.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone

from cms.members import member_of
from cms.models import Member
from learning.residents.models import Contact, HonourPlaque, HonourTenure, Resident


@dataclass(frozen=True)
class Viewer:
    superuser: bool = False
    member_id: int | None = None
    organisation_id: int | None = None
    secretary_path: str | None = None  # the subtree whose phones a secretary sees

    @classmethod
    def of(cls, user) -> "Viewer":
        if user is None or not user.is_authenticated:
            return cls()
        member = member_of(user)
        return cls(
            superuser=user.is_superuser,
            member_id=member.pk if member else None,
            organisation_id=member.organisation_id if member else None,
            secretary_path=member.organisation.path if member and member.is_secretary else None,
        )

    def sees_phone(self, *, member_id: int, organisation_path: str) -> bool:
        return (
            self.superuser
            or member_id == self.member_id
            or (
                self.secretary_path is not None
                and organisation_path.startswith(self.secretary_path)
            )
        )


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits of a longer number; a short one
    shows nothing."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) < 8:
        return "****"
    return f"{phone[:3]}****{phone[-4:]}"


def residents_visible_to(user):
    """The residents this user may see (by name); an empty queryset for visitors."""
    queryset = Resident.objects.select_related("member__organisation")
    viewer = Viewer.of(user)
    if viewer.superuser:
        return queryset
    if viewer.member_id is None:
        return queryset.none()
    q = Q(member_id=viewer.member_id) | Q(member__organisation_id=viewer.organisation_id)
    if viewer.secretary_path is not None:
        q |= Q(member__organisation__path__startswith=viewer.secretary_path)
    return queryset.filter(q)


def resident_rows(*, user, residents) -> list[dict]:
    """Residents as the viewer may see them: the phone full or masked (see the module)."""
    viewer = Viewer.of(user)
    rows = []
    for resident in residents:
        full = viewer.sees_phone(
            member_id=resident.member_id, organisation_path=resident.member.organisation.path
        )
        rows.append(
            {
                "id": resident.pk,
                "kind": resident.kind,
                "kind_label": resident.get_kind_display(),
                "name": resident.name,
                "place": resident.place,
                "phone": resident.phone if full else mask_phone(resident.phone),
                "phone_full": full,
                "member_id": resident.member_id,
                "member_name": resident.member.name,
                "organisation_id": resident.member.organisation_id,
                "organisation_name": resident.member.organisation.name,
            }
        )
    return rows


def residents_of_member(*, member):
    return Resident.objects.filter(member=member).select_related("member__organisation")


def residents_in_subtree(*, organisation):
    return Resident.objects.filter(
        member__organisation__path__startswith=organisation.path
    ).select_related("member__organisation")


def contacts_of_member(*, member, limit=20):
    return list(Contact.objects.filter(member=member).select_related("resident")[:limit])


def month_start(today: datetime.date) -> datetime.date:
    return today.replace(day=1)


def coverage(*, organisation, today: datetime.date | None = None) -> dict:
    """The 1+10 figures of a subtree, in three aggregate queries whatever its size."""
    today = today or timezone.localdate()
    subtree = Q(member__organisation__path__startswith=organisation.path)
    members = Member.objects.filter(organisation__path__startswith=organisation.path).aggregate(
        members=Count("pk", distinct=True),
        members_linked=Count("pk", filter=Q(residents__isnull=False), distinct=True),
    )
    residents = Resident.objects.filter(subtree).count()
    month = Contact.objects.filter(subtree, on__gte=month_start(today), on__lte=today).aggregate(
        contacts=Count("pk"), members=Count("member", distinct=True)
    )
    return {
        "organisation": {"id": organisation.pk, "name": organisation.name},
        "members": members["members"],
        "members_with_residents": members["members_linked"],
        "residents_covered": residents,
        "contacts_this_month": month["contacts"],
        "members_contacted_this_month": month["members"],
    }


def member_coverage_rows(*, organisation, today: datetime.date | None = None, without_only=False):
    """Each member of the subtree with their residents and contacts this month (one query);
    `without_only`: those who logged no contact this month."""
    today = today or timezone.localdate()
    this_month = Q(resident_contacts__on__gte=month_start(today), resident_contacts__on__lte=today)
    rows = (
        Member.objects.filter(organisation__path__startswith=organisation.path)
        .annotate(
            resident_count=Count("residents", distinct=True),
            month_contacts=Count("resident_contacts", filter=this_month, distinct=True),
            last_contact=Max("resident_contacts__on"),
        )
        .values(
            "pk", "name", "organisation__name", "resident_count", "month_contacts", "last_contact"
        )
        .order_by("organisation__path", "name", "pk")
    )
    if without_only:
        rows = rows.filter(month_contacts=0)
    return rows


# --- rotating honours ----------------------------------------------------------------------


def plaques_of_organisation(*, organisation):
    """An organisation's plaques with their current holder (two queries)."""
    plaques = list(HonourPlaque.objects.filter(organisation=organisation).order_by("title"))
    current = {
        tenure.plaque_id: tenure
        for tenure in HonourTenure.objects.filter(plaque__in=plaques, ended_on__isnull=True)
    }
    return [{"plaque": plaque, "current": current.get(plaque.pk)} for plaque in plaques]


def plaque_history(*, plaque):
    return list(plaque.tenures.all())


def plaques_managed_by(user):
    """The plaques a secretary may hand on: those of organisations in their subtree."""
    viewer = Viewer.of(user)
    if viewer.superuser:
        return HonourPlaque.objects.all()
    if viewer.secretary_path is None:
        return HonourPlaque.objects.none()
    return HonourPlaque.objects.filter(organisation__path__startswith=viewer.secretary_path)
