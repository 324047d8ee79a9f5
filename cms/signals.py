"""Keep derived things true when content changes: the page and routing caches and image
renditions. What each change retires is written down in cms.content_cache ("Dependencies")."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.content_cache import pages_using_image, retire_pages
from cms.models import Organisation
from cms.page_cache import clear_page_cache
from xianfeng.redis_cache import cache_recovered


def clear_after_commit(**kwargs):
    transaction.on_commit(clear_page_cache)


page_published.connect(clear_after_commit, dispatch_uid="xf_cache_published")
page_unpublished.connect(clear_after_commit, dispatch_uid="xf_cache_unpublished")
post_page_move.connect(clear_after_commit, dispatch_uid="xf_cache_moved")


# Every page deletion deletes its Page row (the specific row too, through multi-table
# inheritance), so one sender catches them all. A receiver without a sender would make Django
# load every row of every model it deletes, to send this signal for each.
@receiver(post_delete, sender=Page)
def clear_on_page_delete(sender, instance, **kwargs):
    clear_after_commit()


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
