"""Record every content change that the search index must follow, in the same transaction.

Publishing (including a rename), unpublishing, moving and deleting a page each write an
outbox row; the drain task runs after commit. cms/signals.py keeps its own concerns.
"""

from django.db.models.signals import post_delete, post_save
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
    """A move changes URLs of the page and everything under it."""
    from wagtail.models import Page

    from search.services import record_change

    ids = list(Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))
    record_change(ids)


def on_deleted(sender, instance, **kwargs):
    from search.services import record_change

    if _searchable(instance):
        record_change([instance.pk], OutboxAction.DELETE)


def on_organisation_saved(sender, instance, **kwargs):
    """A renamed or moved organisation changes the name, path and region of its pages."""
    from search.documents import searchable_models
    from search.services import record_change

    ids = []
    for model in searchable_models().values():
        ids += list(model.objects.live().filter(organisation=instance)
                    .values_list("pk", flat=True))
    record_change(ids)


def connect():
    from cms.models import Organisation

    page_published.connect(on_published, dispatch_uid="xf_search_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="xf_search_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="xf_search_moved")
    post_delete.connect(on_deleted, dispatch_uid="xf_search_deleted")
    post_save.connect(on_organisation_saved, sender=Organisation,
                      dispatch_uid="xf_search_organisation")
