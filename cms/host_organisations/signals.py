"""What host memberships tell the apps built on cms. cms sends; learning turns it into inbox
messages (learning/host_notices.py), so cms never imports it."""

from django.dispatch import Signal

# Sent after the commit of a change, with `membership` (a HostMembership) and `event`, one of
# "applied", "accepted", "declined", "ended", and `actor` (the user who did it). Receivers must
# be idempotent: the inbox keys each message by membership and event.
host_membership_changed = Signal()
