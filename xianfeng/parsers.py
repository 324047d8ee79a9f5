"""The JSON parser of all our APIs (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES). A module of its
own: DRF imports its default parsers while rest_framework.generics is still loading, and
xianfeng.api imports Wagtail's API views, which import generics."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class JSONBodyParser(JSONParser):
    """DRF's JSON parser, refusing a body nested too deeply for Python's json (thousands of
    "[") with a 400: json raises RecursionError there, which DRF does not catch (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The request body is nested too deeply.")) from None
