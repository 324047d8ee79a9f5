"""Fast validation of progress events.

Offline batches carry up to 200 events, and each must be judged on its own (one bad event
must not block the rest of the queue). A DRF serializer per event costs more than applying
the event, so events are checked here by hand; EventSerializer documents the same shape in
the OpenAPI schema and the tests hold the two to the same rules.
"""

import math
import uuid

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from learning.api.serializers import MAX_SECONDS
from learning.services.ingest import EventInput


def _number(value, errors, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        errors[name] = [_("A valid number is required.")]
        return None
    try:
        number = float(value)
    except ValueError:
        errors[name] = [_("A valid number is required.")]
        return None
    if not math.isfinite(number):
        errors[name] = [_("Enter a finite number.")]
    elif not 0 <= number <= MAX_SECONDS:
        errors[name] = [_("Enter a number between 0 and %(max)s.") % {"max": MAX_SECONDS}]
    else:
        return number
    return None


def parse_event(raw):
    """(EventInput, None) for a valid event, or (None, {field: [messages]})."""
    if not isinstance(raw, dict):
        return None, {"non_field_errors": [_("Each event must be an object.")]}
    errors = {}
    try:
        event_id = uuid.UUID(str(raw.get("id")))
    except ValueError:
        errors["id"] = [_("Give the event a UUID.")]
    section = raw.get("section")
    if isinstance(section, bool) or not isinstance(section, int) or not 0 < section < 2**31:
        if isinstance(section, str) and section.isdigit() and 0 < int(section) < 2**31:
            section = int(section)
        else:
            errors["section"] = [_("Give the section's id.")]
    segment = raw.get("segment")
    start = end = None
    if not isinstance(segment, list) or len(segment) != 2:
        errors["segment"] = [_("Give the played segment as [from, to].")]
    else:
        start, end = _number(segment[0], errors, "segment"), _number(segment[1], errors,
                                                                     "segment")
    position = raw.get("position")
    if position is not None:
        position = _number(position, errors, "position")
    visible = raw.get("visible", True)
    if not isinstance(visible, bool):
        errors["visible"] = [_("Must be true or false.")]
    client_time = None
    try:
        client_time = parse_datetime(str(raw.get("client_time", "")))
    except ValueError:
        pass
    if client_time is None:
        errors["client_time"] = [_("Give the client time as an ISO 8601 date and time.")]
    elif timezone.is_naive(client_time):
        client_time = timezone.make_aware(client_time)
    if errors:
        return None, errors
    return EventInput(id=event_id, section_id=section, from_seconds=start, to_seconds=end,
                      client_time=client_time, position=position, visible=visible), None
