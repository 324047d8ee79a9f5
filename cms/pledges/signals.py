"""What pledges tell the apps built on cms. cms sends; the receiving app owns what follows
(learning pays the points for a fulfilled pledge), so cms never imports it."""

from django.dispatch import Signal

# Sent inside the transaction in which the member reports a pledge fulfilled, with `pledge` and
# `member` (its author's Member). The member's own word: nothing is paid for it (评诺).
pledge_fulfilled = Signal()

# Sent inside the transaction in which the branch confirms a pledge reported fulfilled, with
# `pledge` and `member` (its author's Member): learning pays the points. Receivers must be
# idempotent: a pledge may be announced more than once.
pledge_confirmed = Signal()

# Sent after the commit of the branch's review (confirmed or disputed), with `pledge`: the
# author may be told.
pledge_reviewed = Signal()

# Sent after the commit of a moderation decision, with `pledge` and `approved` (True/False):
# the author may be told. A pledge approved again after a rejection is announced again.
pledge_moderated = Signal()
