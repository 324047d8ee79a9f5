"""Honours written onto exemplar profiles by the apps above cms (a 五星党员 selection's result).

cms never imports those apps: they call `profile_honour_confer`, which finds the member's
profile (linked by member, else the one unlinked profile of that name) or creates one as a
DRAFT under the profile index for an editor to complete and publish. A live profile without
unpublished changes gets the honour published at once; otherwise the honour waits in a new
revision with the editor's other changes.
"""

import datetime

from django.db import transaction
from django.utils.text import slugify

from cms.models import Member, ProfileIndexPage, ProfilePage


def _profile_for(member: Member | None, name: str) -> ProfilePage | None:
    if member is not None:
        linked = ProfilePage.objects.filter(member=member).order_by("pk").first()
        if linked is not None:
            return linked
    same_name = list(ProfilePage.objects.filter(title=name, member__isnull=True)[:2])
    return same_name[0] if len(same_name) == 1 else None


def _unique_slug(parent, base):
    slug = base or "profile"
    siblings = set(parent.get_children().values_list("slug", flat=True))
    n = 1
    while slug in siblings:
        n += 1
        slug = f"{base}-{n}"
    return slug


def five_star_value(*, title, body, conferred_on, stars: dict):
    """The FiveStarBlock value (a StructValue) for these stars per dimension."""
    block = ProfilePage._meta.get_field("honours").stream_block.child_blocks["five_star"]
    return block.to_python(
        {
            "title": title,
            "conferred_by": body,
            "conferred_on": conferred_on.isoformat(),
            "ratings": [
                {"name": name, "stars": max(0, min(5, int(value)))} for name, value in stars.items()
            ],
        }
    )


@transaction.atomic
def profile_honour_confer(
    *,
    member_or_name: Member | str,
    stars: dict,
    body: str,
    conferred_on: datetime.date,
    title: str = "五星党员",
    role: str = "",
    organisation=None,
) -> ProfilePage:
    """Write a five-star honour onto the profile; returns the profile (possibly a draft).

    Idempotent: the same title from the same body in the same year is replaced, not added."""
    member = member_or_name if isinstance(member_or_name, Member) else None
    name = member.name if member is not None else str(member_or_name).strip()
    found = _profile_for(member, name)
    honour = five_star_value(title=title, body=body, conferred_on=conferred_on, stars=stars)
    if found is None:
        index = ProfileIndexPage.objects.first()
        if index is None:
            raise ValueError("There is no profile index to create the profile under.")
        organisation = organisation or (member.organisation if member is not None else None)
        page = ProfilePage(
            title=name,
            slug=_unique_slug(index, slugify(name, allow_unicode=True)),
            role=role or (organisation.name if organisation is not None else name),
            organisation=organisation,
            member=member,
            live=False,
        )
        page.honours = [("five_star", honour)]
        index.add_child(instance=page)
        page.save_revision()
        return page
    was_current = found.live and not found.has_unpublished_changes
    page = found.get_latest_revision_as_object()
    kept = [
        (block.block_type, block.value)
        for block in page.honours
        if not (
            block.block_type == "five_star"
            and block.value.get("title") == title
            and block.value.get("conferred_by") == body
            and getattr(block.value.get("conferred_on"), "year", None) == conferred_on.year
        )
    ]
    page.honours = [*kept, ("five_star", honour)]
    if member is not None and page.member_id is None:
        page.member = member
    revision = page.save_revision()
    if was_current:
        revision.publish()
    return ProfilePage.objects.get(pk=found.pk)
