"""Keep derived things true when content changes: the page and routing caches and image
renditions. What each change retires is written down in cms.content_cache ("Dependencies")."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.content_cache import (
    pages_changed_by_publish,
    pages_using_image,
    publish_clears_everything,
    retire,
    retire_pages,
)
from cms.models import Organisation
from cms.page_cache import clear_page_cache
from xianfeng.redis_cache import cache_recovered


def clear_after_commit(**kwargs):
    transaction.on_commit(clear_page_cache)


def retire_after_publish(instance, *, links=True):
    """A page published, unpublished or deleted: retire it and what would list it, or clear
    everything for a menu page (cms.content_cache, "Dependencies")."""
    if publish_clears_everything(instance):
        clear_after_commit()
        return
    tags = pages_changed_by_publish(instance, links=links)  # now, while the page is at hand
    transaction.on_commit(lambda: retire(tags))


@receiver(page_published, dispatch_uid="xf_cache_published")
def retire_on_publish(sender, instance, **kwargs):
    retire_after_publish(instance)


@receiver(page_unpublished, dispatch_uid="xf_cache_unpublished")
def retire_on_unpublish(sender, instance, **kwargs):
    # What showed it carries its tag; the pages linking to it show it no more.
    retire_after_publish(instance, links=False)


post_page_move.connect(clear_after_commit, dispatch_uid="xf_cache_moved")


# Sent after the commit, so clear at once: every URL below the page changed.
@receiver(page_slug_changed, dispatch_uid="xf_cache_slug_changed")
def clear_on_slug_change(**kwargs):
    clear_page_cache()


# Every page deletion deletes its Page row (the specific row too, through multi-table
# inheritance), so one sender catches them all. A receiver without a sender would make Django
# load every row of every model it deletes, to send this signal for each.
@receiver(post_delete, sender=Page)
def retire_on_page_delete(sender, instance, **kwargs):
    # Its links are gone with it; what showed it carries its tag.
    retire_after_publish(instance, links=False)


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
# Privacy settings and sites are cached for routing (cms.routing); a page turned private must
# leave the anonymous page cache at once.
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def clear_on_tree_setting_change(**kwargs):
    clear_after_commit()


@receiver(post_save, sender=get_image_model())
def queue_renditions(sender, instance, created, **kwargs):
    from cms.tasks import make_renditions

    # A new image is shown nowhere yet; a changed one, on the pages that use it.
    if not created:
        pages = pages_using_image(instance)
        transaction.on_commit(lambda: retire_pages(pages))
    transaction.on_commit(lambda: make_renditions.enqueue(instance.pk))


@receiver(pre_delete, sender=get_image_model())
def retire_pages_of_deleted_image(sender, instance, **kwargs):
    pages = pages_using_image(instance)  # before the references go
    transaction.on_commit(lambda: retire_pages(pages))


@receiver(cache_recovered)
def clear_after_cache_outage(**kwargs):
    """A change during a Redis outage could not retire what Redis keeps, and the worker that
    remembered to may have ended since: every worker that saw the outage clears once."""
    clear_page_cache()
