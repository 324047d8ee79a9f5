"""What pledges tell the apps built on cms. cms sends; the receiving app owns what follows
(learning pays the points for a fulfilled pledge), so cms never imports it."""

from django.dispatch import Signal

# Sent inside the transaction that marks a pledge fulfilled, with `pledge` and `member` (its
# author's Member). Receivers must be idempotent: a pledge may be announced more than once.
pledge_fulfilled = Signal()

# Sent after the commit of a moderation decision, with `pledge` and `approved` (True/False):
# the author may be told. A pledge approved again after a rejection is announced again.
pledge_moderated = Signal()
