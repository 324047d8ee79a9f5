"""Serializer fields that show linked pages in the Wagtail API."""

from rest_framework import serializers


class LinkedPagesField(serializers.Field):
    """A list of {id, title, type, url} for the live pages a link set points to."""

    def __init__(self, target, **kwargs):
        self.target = target
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, links):
        pages = [getattr(link, self.target) for link in links.all()]
        return [
            {"id": p.pk, "title": p.title, "type": p._meta.label, "url": p.url}
            for p in pages
            if p.live
        ]
