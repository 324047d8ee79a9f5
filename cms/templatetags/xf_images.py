"""`{% image %}` exactly as Wagtail's, except that the parsed filter is kept per spec.

Wagtail's tag builds a new Filter on every render, and building one validates each
operation's arguments through `inspect` — about a millisecond per image, most of what a
listing card cost. A Filter holds only its spec and the operations parsed from it, so one per
spec can serve every render.
"""

from functools import lru_cache

from django import template
from wagtail.images.models import Filter
from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()


@lru_cache(maxsize=256)
def shared_filter(spec):
    return Filter(spec=spec)


class SharedFilterImageNode(wagtailimages_tags.ImageNode):
    def get_filter(self):
        return shared_filter("|".join(self.filter_specs))


@register.tag(name="image")
def image(parser, token):
    node = wagtailimages_tags.image(parser, token)
    if type(node) is wagtailimages_tags.ImageNode:  # not the srcset/picture variants
        node.__class__ = SharedFilterImageNode
    return node
