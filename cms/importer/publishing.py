"""Publishing an imported story's people with it.

An import creates the story and its people as drafts; the editor reviews the story and
publishes it in the page editor. Its people would stay drafts (a search for a person of the
story finds nothing), so after the story is published the editor is offered its draft people
to publish too, and confirms which (cms.importer.admin). Publishing goes through Wagtail's
revisions, so the page signals (search index, caches) see an ordinary publication.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.models import ArticleImport, ProfilePage, StoryPage


def is_imported(story: StoryPage) -> bool:
    return ArticleImport.objects.filter(story=story).exists()


def draft_people(story: StoryPage) -> list[ProfilePage]:
    """The people linked to `story` that are not live, in the story's order."""
    links = story.profile_links.select_related("profile").order_by("sort_order", "pk")
    return [link.profile for link in links if not link.profile.live]


def people_to_offer(story: StoryPage, user) -> list[ProfilePage]:
    """What to offer after `story` was published: its draft people `user` may publish, for
    an imported, live story; [] otherwise."""
    if not story.live or not is_imported(story):
        return []
    return [p for p in draft_people(story) if p.permissions_for_user(user).can_publish()]


def story_people_publish(*, story: StoryPage, profile_ids: list[int], user) -> list[ProfilePage]:
    """Publish the chosen draft people of a live, imported story (their latest revisions).

    Refuses (ValidationError, Chinese) a story that is not live or not imported and people
    not of this story or already live; PermissionDenied when `user` may not publish one."""
    if not story.live:
        raise ValidationError(_("Publish the story first."))
    if not is_imported(story):
        raise ValidationError(_("Only the people of an imported story are published this way."))
    drafts = {p.pk: p for p in draft_people(story)}
    chosen = list(dict.fromkeys(int(pk) for pk in profile_ids))
    unknown = [pk for pk in chosen if pk not in drafts]
    if unknown:
        raise ValidationError(_("These people are not draft people of this story."))
    if not chosen:
        raise ValidationError(_("Choose the people to publish."))
    people = [drafts[pk] for pk in chosen]
    for profile in people:
        if not profile.permissions_for_user(user).can_publish():
            raise PermissionDenied
    published = []
    with transaction.atomic():
        for profile in people:
            revision = profile.latest_revision or profile.save_revision(user=user)
            revision.publish(user=user)
            published.append(ProfilePage.objects.get(pk=profile.pk))
    return published
