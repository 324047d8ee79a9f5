"""URL converters, registered once for every app's URLconf (import this module to use them).

`<id:name>`: a database id, 1 to 2^31 - 1, in ASCII digits. Django's `<int:…>` takes any
run of digits, and a lookup of 99999999999999999999 overflows the database (a 500); here a
number out of range does not match, so the URL answers 404.
"""

from django.urls import register_converter

MAX_ID = 2**31 - 1  # int4, the smallest id column (Wagtail's page ids)


class IdConverter:
    regex = "[0-9]{1,10}"

    def to_python(self, value):
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # the URL does not match: 404
        return number

    def to_url(self, value):
        return str(int(value))


register_converter(IdConverter, "id")
