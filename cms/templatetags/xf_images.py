"""`{% image %}` exactly as Wagtail's, except that the parsed filter is kept per spec and a
prefetched rendition is not written back to the cache.

Wagtail's tag builds a new Filter on every render, and building one validates each
operation's arguments through `inspect` — about a millisecond per image, most of what a
listing card cost. A Filter holds only its spec and the operations parsed from it, so one per
spec can serve every render.

Wagtail's `Image.get_rendition()` also stores the rendition in the cache on every call, even
one it has just found among the renditions prefetched with the image (cms.selectors): a
pickled rendition and a cache write (a Redis round trip) per picture on every uncached
render. `get_renditions()` finds it the same way but skips that write.
"""

from functools import lru_cache

from django import template
from django.utils.functional import LazyObject
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()


@lru_cache(maxsize=256)
def shared_filter(spec):
    return Filter(spec=spec)


class SharedFilterImageNode(wagtailimages_tags.ImageNode):
    def get_filter(self):
        return shared_filter("|".join(self.filter_specs))

    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        if isinstance(image, LazyObject):  # a lazy context value, set up by the test above
            image = image._wrapped
        image_filter = self.get_filter()
        renditions = get_renditions_or_not_found(image, [image_filter])
        # Keyed by the spec the image asked for (an SVG drops its rasterising operations).
        rendition = next(iter(renditions.values()))
        if self.output_var_name:
            context[self.output_var_name] = rendition
            return ""
        return rendition.img_tag({key: value.resolve(context) for key, value in self.attrs.items()})


@register.tag(name="image")
def image(parser, token):
    node = wagtailimages_tags.image(parser, token)
    if type(node) is wagtailimages_tags.ImageNode:  # not the srcset/picture variants
        node.__class__ = SharedFilterImageNode
    return node
