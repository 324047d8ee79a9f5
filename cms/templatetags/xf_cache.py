"""`{% contentcache "name" [vary ...] %}…{% endcontentcache %}`: a rendered fragment of a page
kept under the content generation (cms.content_cache), so a whole-site clear (a move, a slug
change, a menu page, an organisation change) retires it at once, unlike a timed fragment
cache; so does a change to any page it shows (its page, the cards in it), such as a publish
below or linked to its page, a pledge event or an image save.

The key is the name, the page, the site (page links are relative only on their own site), the
language, today's date (a wall's open/closed badge turns at midnight) and the vary values.
Previews render fresh. Only content that is the same for every visitor belongs inside: no
forms with a CSRF token, nothing about the signed-in user.
"""

from django import template
from django.template.exceptions import TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import get_language

from cms.content_cache import cached_content, depends_on, page_tag

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        from wagtail.models import Site

        page = context.get("page")
        site = Site.find_for_request(request)
        parts = [
            self.name,
            getattr(page, "pk", ""),
            getattr(site, "pk", ""),
            get_language(),
            timezone.localdate(),
        ]
        parts += [variable.resolve(context) for variable in self.vary_on]

        def build():
            if page is not None:
                depends_on(page_tag(page.pk))  # its own images (cms.content_cache)
            return self.nodelist.render(context)

        return cached_content("fragment:" + "|".join(map(str, parts)), build)


@register.tag
def contentcache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise TemplateSyntaxError("contentcache needs a quoted fragment name")
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    return ContentCacheNode(
        nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]]
    )
