"""Token authentication that remembers recent tokens in the worker for a short while.

Players report progress every 15 s; looking the token and its user up in the database for
each report would cost more than storing the report. A token is remembered for
settings.TOKEN_CACHE_SECONDS (default 60): deleting a token or deactivating its user takes
effect at once in the worker that made the change (signals below) and within that time in the
others.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from xianfeng import memory

# token key -> (expires at, monotonic clock; user)
_remembered = memory.remember({}, name="api tokens")
MAX_REMEMBERED = 10_000


def ttl():
    return settings.TOKEN_CACHE_SECONDS


class CachedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        now = time.monotonic()
        found = _remembered.get(key)
        if found is not None and found[0] > now:
            return found[1], found[2]
        user, token = super().authenticate_credentials(key)  # raises for a bad token
        if len(_remembered) >= MAX_REMEMBERED:
            _remembered.clear()
        member = getattr(user, "member", None)  # loaded now, so reports need no query
        user._state.fields_cache.setdefault("member", member)
        _remembered[key] = (now + ttl(), user, token)
        return user, token


def forget_tokens():
    _remembered.clear()


@receiver(post_delete, sender=Token)
def _token_deleted(sender, instance, **kwargs):
    _remembered.pop(instance.key, None)


def _forget_user(user_id):
    for key in [k for k, v in _remembered.items() if v[1].pk == user_id]:
        _remembered.pop(key, None)


@receiver(post_save, sender=get_user_model())
@receiver(post_delete, sender=get_user_model())
def _user_changed(sender, instance, **kwargs):
    _forget_user(instance.pk)


@receiver(post_save, sender="cms.Member")
@receiver(post_delete, sender="cms.Member")
def _member_changed(sender, instance, **kwargs):
    _forget_user(instance.user_id)
