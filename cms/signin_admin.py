"""Wagtail admin screen 登录锁定: sign-ins locked by too many failed attempts (django-axes),
each with an unlock button. `manage.py axes_reset_username USERNAME` does the same.

Wagtail loads hooks only from `<app>/wagtail_hooks.py`; cms/wagtail_hooks.py imports this module.
"""

import logging

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

log = logging.getLogger(__name__)

URL_NAME = "cms_signin_lockouts"
PERMISSION = "axes.delete_accessattempt"


def locked_sign_ins():
    """Username and address pairs locked out now, most recent first, with `locked_until`."""
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=get_failure_limit(None, None)
    ).order_by("-attempt_time")
    if cool_off:
        attempts = attempts.filter(attempt_time__gt=timezone.now() - cool_off)
    attempts = list(attempts)
    for attempt in attempts:
        attempt.locked_until = attempt.attempt_time + cool_off if cool_off else None
    return attempts


def sign_in_unlock(*, username: str, by) -> int:
    """Forget the failed attempts of username from every address; returns how many."""
    count = reset(username=username) if username else 0
    log.info("Sign-in of %r unlocked by %s (%d records)", username, by.get_username(), count)
    return count


def lockouts_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        username = request.POST.get("username", "")
        if sign_in_unlock(username=username, by=request.user):
            messages.success(request, _("%(username)s can sign in again.") % {"username": username})
        else:
            messages.warning(request, _("%(username)s was not locked.") % {"username": username})
        return redirect(URL_NAME)
    return TemplateResponse(
        request, "registration/admin_lockouts.html", {"attempts": locked_sign_ins()}
    )


@hooks.register("register_admin_urls")
def register_lockouts_url():
    return [path("sign-in-lockouts/", lockouts_view, name=URL_NAME)]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        gettext_lazy("Sign-in lockouts"), reverse(URL_NAME), icon_name="lock", order=610
    )


@hooks.register("register_permissions")
def register_unlock_permission():
    # Lets an administrator give the unlock screen to a group (Settings → Groups).
    return Permission.objects.filter(
        content_type__app_label="axes", codename="delete_accessattempt"
    )
