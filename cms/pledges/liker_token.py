"""Liker tokens: what an anonymous visitor needs before a like counts.

A like from a visitor without an account must cost more than one request. The wall's script
first asks /api/pledges/liker-token/ (limited per address), which hands out a signed token
naming the visitor (the liker cookie it sets) and bound to the client address, valid for a
short time; the like carries it (X-Liker-Token header). A bare POST, a token from another
address or an old token counts nothing. Cached wall pages carry no token: they are the same
for every visitor.
"""

import hashlib
import secrets

from django.conf import settings
from django.core import signing

from xianfeng.throttles import client_address

VISITOR_COOKIE = "xf_liker"
VISITOR_SALT = "xf.pledge.like"
TOKEN_SALT = "xf.pledge.liker-token"  # noqa: S105 - a signing salt (namespace), not a secret
TOKEN_HEADER = "HTTP_X_LIKER_TOKEN"  # noqa: S105 - a header name
TOKEN_SECONDS = 15 * 60
COOKIE_SECONDS = 3 * 365 * 86400


def _address_digest(request):
    return hashlib.sha256((client_address(request) or "").encode()).hexdigest()[:16]


def visitor_key_from_cookie(request):
    return request.get_signed_cookie(VISITOR_COOKIE, default="", salt=VISITOR_SALT)


def issue(request):
    """(token, visitor key, whether the key is new and needs its cookie)."""
    visitor_key = visitor_key_from_cookie(request)
    new = not visitor_key
    if new:
        visitor_key = secrets.token_hex(16)
    token = signing.TimestampSigner(salt=TOKEN_SALT).sign_object(
        {"v": visitor_key, "a": _address_digest(request)}
    )
    return token, visitor_key, new


def visitor_key_for(request):
    """The visitor the like's token names: None when there is no token; raises
    signing.BadSignature when it is forged, expired or from another address."""
    token = request.META.get(TOKEN_HEADER, "")
    if not token:
        return None
    payload = signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(token, max_age=TOKEN_SECONDS)
    if (
        not isinstance(payload, dict)
        or payload.get("a") != _address_digest(request)
        or not (isinstance(payload.get("v"), str) and payload["v"])
    ):
        raise signing.BadSignature("token for another address")
    return payload["v"]


def set_visitor_cookie(response, visitor_key):
    response.set_signed_cookie(
        VISITOR_COOKIE,
        visitor_key,
        salt=VISITOR_SALT,
        max_age=COOKIE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=settings.LIKER_COOKIE_SECURE,
    )
