"""Sign-in throttling with django-axes: the client address it counts by, and the page a
locked-out sign-in gets (member sign-in and Wagtail admin sign-in alike).

The limits are settings (AXES_FAILURE_LIMIT failures per username and address, locked for
AXES_COOLOFF_TIME; production reads LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES). An
administrator unlocks from the admin's 登录锁定 screen or with `manage.py axes_reset_username`.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def lockout_minutes():
    cool_off = settings.AXES_COOLOFF_TIME
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else None


def lockout_message():
    minutes = lockout_minutes()
    if minutes is None:
        return _(
            "Too many failed sign-in attempts: this account is locked. Ask an "
            "administrator to unlock it."
        )
    return _(
        "Too many failed sign-in attempts: this account is locked for %(minutes)d "
        "minutes. Try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page the visitor was on, its form carrying the
    lockout message instead of "wrong password" (the password was not even checked), with
    HTTP 429 and Retry-After. Any other sign-in (no form to show) gets the message as text."""
    message = lockout_message()
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form.errors.clear()
        form.add_error(None, message)
        response = TemplateResponse(
            request,
            original_response.template_name,
            context,
            status=settings.AXES_HTTP_RESPONSE_CODE,
        )
        response.render()  # middleware runs after the handler renders template responses
    else:
        response = HttpResponse(
            message,
            status=settings.AXES_HTTP_RESPONSE_CODE,
            content_type="text/plain; charset=utf-8",
        )
    if settings.AXES_COOLOFF_TIME:
        response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
