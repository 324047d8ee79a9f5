"""Background work of the content app, queued through django_tasks (run by django-q2)."""

from django_tasks import task


@task()
def make_renditions(image_id):
    """Make every rendition the templates use, so no visitor waits for Pillow."""
    from wagtail.images import get_image_model

    from cms.selectors import RENDITION_SPECS

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return len(image.get_renditions(*RENDITION_SPECS))
