"""What a share (WeChat, Weibo) or a search engine reads from a page's head: its canonical
address and Open Graph tags with the page's own picture.

`{% share_meta %}` in base.html returns {"url", "title", "description", "image", "type"}.
The picture's address needs neither a query nor a cache read (see SHARE_SPEC).
"""

from django import template
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.images.utils import generate_signature

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


# The picture a share shows: 1200×630 (what WeChat, Weibo and others crop to), made on the
# first request by Wagtail's image serve view (xianfeng/urls.py). Its signed address is
# computed from the image's id alone, so a page view makes no query and no cache read for it.
SHARE_SPEC = "fill-1200x630"


def image_path(page):
    """The address (path) of the page's picture at share size, or ""."""
    name = getattr(page, "listing_image_field", None)
    image_id = name and getattr(page, f"{name}_id", None)
    if not image_id:
        return ""
    return reverse(
        "wagtailimages_serve", args=(generate_signature(image_id, SHARE_SPEC), image_id, SHARE_SPEC)
    )


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
