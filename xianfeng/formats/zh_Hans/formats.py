"""Our date formats for Simplified Chinese (settings.FORMAT_MODULE_PATH): Django's, except
that a form renders a date as YYYY-MM-DD first. Django's own list starts with 2016/09/05,
which an <input type="date"> refuses, so a pledge's due date showed an empty field.

Templates show dates with `|date` (DATE_FORMAT, 2026年12月2日), never a format of their own.
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403
from django.conf.locale.zh_Hans.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS


def _iso_first(formats, iso):
    return [iso, *(f for f in formats if f != iso)]


DATE_INPUT_FORMATS = _iso_first(DATE_INPUT_FORMATS, "%Y-%m-%d")
DATETIME_INPUT_FORMATS = _iso_first(DATETIME_INPUT_FORMATS, "%Y-%m-%d %H:%M")
