"""Reading numbers, ids, dates and progress events from requests, strictly.

Every value a request carries is checked here before it reaches a query or a stored row:
ids are ASCII digits within the database's integer range (Python's int() also reads "²",
"٣" and "３"), numbers are finite and bounded (a JSON number with hundreds of digits is a
valid int that overflows float() and every column), and dates are aware and within a sane
window (year 1 or 9999 overflows when converted to UTC). A bad value raises Invalid, with a
Chinese message, which callers turn into a 400 or 404; never a 500.

Offline batches carry up to 200 events, and each must be judged on its own (one bad event
must not block the rest of the queue). A DRF serializer per event costs more than applying
the event, so events are checked here by hand; EventSerializer documents the same shape in
the OpenAPI schema, built from the same helpers, and the tests hold the two to the same rules.
"""

import datetime
import math
import re
import uuid

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning.services.ingest import EventInput
from xianfeng.converters import MAX_ID  # the smallest id column we look up

MAX_SECONDS = 24 * 3600  # no section is longer than a day; larger values are rejected
MAX_BATCH = 200
# A device's clock may be wrong, but not by decades: these bounds also keep every date far
# from the ends of what datetime and the database can hold.
EARLIEST_CLIENT_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
CLIENT_CLOCK_AHEAD = datetime.timedelta(days=1)  # a clock this far ahead is refused

_ASCII_INT = re.compile(r"[0-9]{1,20}")
_ASCII_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")
MAX_NUMBER_TEXT = 40  # characters of a number given as text
MAX_DATETIME_TEXT = 40  # "2026-05-01T08:00:00.123456+08:00" is 32


class Invalid(ValueError):
    """A value that cannot be accepted; `message` is for people (Chinese once translated)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class OutOfWindow(Invalid):
    """A value of the documented type and format refused for what the OpenAPI schema cannot
    state (a date outside the accepted window): a 422, as 400 means "not as the schema says"."""


def parse_int(value, *, min_value=1, max_value=MAX_ID, message=None):
    """An int from a JSON integer or a string of ASCII digits, within [min_value, max_value]."""
    if isinstance(value, str) and _ASCII_INT.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(message or _("A whole number is required."))
    if not min_value <= value <= max_value:
        raise Invalid(
            message
            or _("Enter a whole number between %(min)s and %(max)s.")
            % {"min": min_value, "max": max_value}
        )
    return value


def parse_id(value, message=None):
    """A database id: 1 to MAX_ID."""
    return parse_int(value, min_value=1, max_value=MAX_ID, message=message)


def parse_float(value, *, min_value=0, max_value=MAX_SECONDS):
    """A finite float from a JSON number or an ASCII decimal string, within the bounds."""
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_TEXT or not _ASCII_NUMBER.fullmatch(value):
            raise Invalid(_("A valid number is required."))
        value = float(value)  # at most inf for a huge exponent: refused below
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(_("A valid number is required."))
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid(_("Enter a finite number."))
    # Compared before float(): an int of hundreds of digits overflows float().
    if not min_value <= value <= max_value:
        raise Invalid(
            _("Enter a number between %(min)s and %(max)s.") % {"min": min_value, "max": max_value}
        )
    return float(value) + 0.0  # -0.0 becomes 0.0, so equal events hash alike


def parse_client_time(value, *, now=None):
    """An aware datetime from ISO 8601 text (a naive one is in the site's time zone), from
    2000 to a day ahead of the server's clock."""
    parsed = None
    if isinstance(value, str) and len(value) <= MAX_DATETIME_TEXT and value.isascii():
        try:
            parsed = parse_datetime(value)
        except (ValueError, OverflowError):
            parsed = None
    if parsed is None:
        raise Invalid(_("Give the client time as an ISO 8601 date and time."))
    latest = (now or timezone.now()) + CLIENT_CLOCK_AHEAD
    # Checked on the year first: converting year 1 or 9999 across time zones overflows.
    if not EARLIEST_CLIENT_TIME.year <= parsed.year <= latest.year:
        raise OutOfWindow(_("The client time must lie between 2000 and tomorrow."))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if not EARLIEST_CLIENT_TIME <= parsed <= latest:
        raise OutOfWindow(_("The client time must lie between 2000 and tomorrow."))
    return parsed


def parse_uuid(value):
    if isinstance(value, str) and len(value) <= 45:
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise Invalid(_("Give the event a UUID."))


class EventInvalid(Invalid):
    """An event that cannot be accepted: `errors` ({field: [messages]}) says why, and `id`
    is its UUID when that could be read (so the client can match the answer).
    `as_documented`: every field is as the schema says (only a window was missed)."""

    def __init__(self, message, errors=None, id=None, as_documented=False):
        super().__init__(message)
        self.errors = errors or {}
        self.id = id
        self.as_documented = as_documented


_SECTION_ID = gettext_lazy("Give the section's id.")


def parse_event(raw, *, now=None):
    """The EventInput of a valid event; raises EventInvalid otherwise. `now` (the server's
    time) is best read once for a whole batch."""
    if not isinstance(raw, dict):
        raise EventInvalid(_("Each event must be an object."))
    errors = {}
    # Field by field, without a helper per field: this runs 200 times for a full batch.
    event_id = section_id = start = end = position = client_time = None
    try:
        event_id = parse_uuid(raw.get("id"))
    except Invalid as error:
        errors["id"] = [error.message]
    try:
        section_id = parse_id(raw.get("section"), _SECTION_ID)
    except Invalid as error:
        errors["section"] = [str(error.message)]
    segment = raw.get("segment")
    if not isinstance(segment, list) or len(segment) != 2:
        errors["segment"] = [_("Give the played segment as [from, to].")]
    else:
        try:
            start, end = parse_float(segment[0]), parse_float(segment[1])
        except Invalid as error:
            errors["segment"] = [error.message]
    if raw.get("position") is not None:
        try:
            position = parse_float(raw["position"])
        except Invalid as error:
            errors["position"] = [error.message]
    visible = raw.get("visible", True)
    if not isinstance(visible, bool):
        errors["visible"] = [_("Must be true or false.")]
    out_of_window = False
    try:
        client_time = parse_client_time(raw.get("client_time"), now=now)
    except Invalid as error:
        errors["client_time"] = [error.message]
        out_of_window = isinstance(error, OutOfWindow)
    if errors:
        raise EventInvalid(
            _("The event is not valid."),
            errors,
            event_id,
            as_documented=out_of_window and len(errors) == 1,
        )
    return EventInput(
        id=event_id,
        section_id=section_id,
        from_seconds=start,
        to_seconds=end,
        client_time=client_time,
        position=position,
        visible=visible,
    )
