"""`{% page_extras "slot" %}`: renders what other domains registered for a page's slot
(cms.page_extras)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cms.page_extras import page_extras as collect

register = template.Library()


@register.simple_tag(takes_context=True)
def page_extras(context, slot):
    request = context.get("request")
    page = context.get("page")
    parts = [
        render_to_string(extra.template, {"page": page, **extra.context}, request=request)
        for extra in collect(slot=slot, request=request, page=page)
    ]
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, escaped by Django
