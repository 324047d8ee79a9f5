"""Record every content change that the search index must follow, in the same transaction.

Publishing (including a rename), unpublishing, moving and deleting a page, a view
restriction added or removed, and an organisation renamed, added or moved each write outbox
rows; the drain task runs after commit. cms/signals.py keeps its own concerns.

Every receiver names its sender: a post_delete receiver without one would turn off Django's
fast delete for every model (the outbox drain and rebuilds would load each row to delete it).
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.models import OutboxAction


def _searchable(page) -> bool:
    from search.documents import page_type

    return page_type(page) is not None


def on_published(sender, instance, **kwargs):
    from search.services import record_change

    if _searchable(instance):
        record_change([instance.pk])


def on_unpublished(sender, instance, **kwargs):
    from search.services import record_change

    if _searchable(instance):
        record_change([instance.pk], OutboxAction.DELETE)


def on_moved(sender, instance, **kwargs):
    """A move changes URLs of the page and everything under it (and may put it under, or
    take it out from under, a restricted page)."""
    from wagtail.models import Page

    from search.services import record_change

    ids = list(Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))
    record_change(ids)


def on_deleted(sender, instance, **kwargs):
    from search.services import record_change

    record_change([instance.pk], OutboxAction.DELETE)


def on_restriction_changed(sender, instance, **kwargs):
    """A page made private (or public again) leaves (or rejoins) the index with its whole
    subtree and the text other pages show of it; the drain decides which, from the
    restrictions in the database then."""
    from wagtail.models import Page

    from search.documents import pages_below
    from search.services import record_change

    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:  # None: the restriction goes with its page, whose delete is noted
        record_change(pages_below([page]))


def _pages_of_organisations(organisations) -> list[int]:
    from search.documents import searchable_models

    ids = []
    for model in searchable_models().values():
        ids += list(
            model.objects.live().filter(organisation__in=organisations).values_list("pk", flat=True)
        )
    return ids


def on_organisation_saved(sender, instance, created=False, raw=False, **kwargs):
    """A renamed organisation changes the name shown on its pages; re-read everything below
    it. A new one may have renumbered the siblings sorted after it (treebeard)."""
    from cms.models import Organisation
    from search.services import record_change

    if raw:
        return
    if created:
        parent_path = instance.path[: -Organisation.steplen]
        affected = Organisation.objects.filter(path__startswith=parent_path, path__gt=instance.path)
    else:
        affected = Organisation.objects.filter(path__startswith=instance.path)
    record_change(_pages_of_organisations(affected))


def on_organisation_moved(sender, instance, **kwargs):
    """Every page in the moved subtree has new organisation paths, and so has each
    sibling subtree treebeard shifted to make room at the new place."""
    from cms.models import Organisation
    from search.services import record_change

    parent_path = instance.path[: -Organisation.steplen]
    affected = Organisation.objects.filter(path__startswith=parent_path, path__gte=instance.path)
    record_change(_pages_of_organisations(affected))


def on_organisation_deleting(sender, instance, **kwargs):
    """Its pages keep no organisation (SET_NULL, a bulk update without signals); a later
    organisation may take over the freed path, so their entries must drop the old one."""
    from search.services import record_change

    record_change(_pages_of_organisations([instance]))


def connect():
    from wagtail.models import PageViewRestriction

    from cms.models import Organisation
    from cms.models.organisations import organisation_moved
    from search.documents import searchable_models

    page_published.connect(on_published, dispatch_uid="xf_search_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="xf_search_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="xf_search_moved")
    for name, model in searchable_models().items():
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"xf_search_deleted_{name}")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"xf_search_restriction_{signal is post_save}",
        )
    post_save.connect(
        on_organisation_saved, sender=Organisation, dispatch_uid="xf_search_organisation"
    )
    pre_delete.connect(
        on_organisation_deleting,
        sender=Organisation,
        dispatch_uid="xf_search_organisation_deleting",
    )
    organisation_moved.connect(
        on_organisation_moved, sender=Organisation, dispatch_uid="xf_search_organisation_moved"
    )
