"""Keep derived things true when content changes: the page and routing caches and image
renditions."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import Organisation
from cms.page_cache import clear_page_cache


def clear_after_commit(**kwargs):
    transaction.on_commit(clear_page_cache)


page_published.connect(clear_after_commit, dispatch_uid="xf_cache_published")
page_unpublished.connect(clear_after_commit, dispatch_uid="xf_cache_unpublished")
post_page_move.connect(clear_after_commit, dispatch_uid="xf_cache_moved")


@receiver(post_delete)
def clear_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
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
def queue_renditions(sender, instance, **kwargs):
    from cms.tasks import make_renditions

    clear_after_commit()
    transaction.on_commit(lambda: make_renditions.enqueue(instance.pk))
