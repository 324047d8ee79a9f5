"""The check-in code on the organiser's screen: a signed token bound to one meeting and one
30-second window. A code is accepted in its own window and the next one only, so a photo of
the screen sent to someone at home stops working within a minute."""

import time

from django.core import signing

WINDOW_SECONDS = 30
_SALT = "meetings.check-in"


def current_window(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // WINDOW_SECONDS)


def check_in_token(*, meeting_id: int, now: float | None = None) -> str:
    return signing.Signer(salt=_SALT).sign(f"{meeting_id}.{current_window(now)}")


def seconds_left(now: float | None = None) -> int:
    now = time.time() if now is None else now
    return WINDOW_SECONDS - int(now % WINDOW_SECONDS)


class CodeRefused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def check_in_token_verify(*, token: str, meeting_id: int, now: float | None = None) -> None:
    """Raise CodeRefused("bad_code" | "wrong_meeting" | "stale_code") unless `token` is this
    meeting's code of the current or the previous window."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token or "")
        signed_meeting, window = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError, TypeError):
        raise CodeRefused("bad_code") from None
    if signed_meeting != meeting_id:
        raise CodeRefused("wrong_meeting")
    if current_window(now) - window not in (0, 1):
        raise CodeRefused("stale_code")
