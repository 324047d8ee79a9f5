"""What a share (WeChat, Weibo) or a search engine reads from a page's head: its canonical
address and Open Graph tags with the page's own picture.

`{% share_meta %}` in base.html returns {"url", "title", "description", "image", "type"}.
The picture's address is kept under the content generation with the page as its dependency
(an image save retires the pages that use it), so a cached page view makes no query for it.
"""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

from cms.content_cache import cached_content, depends_on, page_tag

register = template.Library()

# The text a page type has in place of an editor's search description, first that is set.
DESCRIPTION_FIELDS = ("search_description", "summary", "slogan", "bio", "intro")


def page_description(page):
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, None)
        text = strip_tags(str(getattr(value, "source", value) or "")).strip()
        if text:
            return Truncator(" ".join(text.split())).chars(120)
    return ""


def image_path(page):
    """The address (path) of the original file of the page's picture, or ""."""
    name = getattr(page, "listing_image_field", None)
    image_id = name and getattr(page, f"{name}_id", None)
    if not image_id:
        return ""

    def build():
        from wagtail.images import get_image_model

        depends_on(page_tag(page.pk))
        image = get_image_model().objects.filter(pk=image_id).first()
        return image.file.url if image else ""

    return cached_content(f"share-image:{page.pk}:{image_id}", build)


@register.simple_tag(takes_context=True)
def share_meta(context):
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return {}
    # Filters, page numbers and search words make no other page: the address without them.
    url = request.build_absolute_uri(request.path)
    if page is None or not hasattr(page, "specific_class"):
        return {"url": url, "title": "", "description": "", "image": "", "type": "website"}
    image = image_path(page)
    return {
        "url": url,
        "title": page.seo_title or page.title,
        "description": page_description(page),
        "image": request.build_absolute_uri(image) if image else "",
        "type": "article" if page.depth > 2 else "website",
    }
