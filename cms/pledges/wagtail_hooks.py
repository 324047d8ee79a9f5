"""Wagtail admin for pledges: the moderation queue (filters, approve, reject with a reason,
bulk actions) and the sensitive-word list editors maintain.

Wagtail loads hooks only from `<app>/wagtail_hooks.py`; cms/wagtail_hooks.py imports this module.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Pledge, PledgeStatus, PledgeWallPage, SensitiveWord
from cms.organisation_access import PLEDGE_MODERATION
from cms.pledges import selectors, services
from xianfeng.parsing import query_text  # PostgreSQL refuses NUL in a stored reason

URL_NAME = "cms_pledge_moderation"
PERMISSION = "cms.change_pledge"


class WallChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # Only ids the database can look up: "²" or a 30-digit number is just not a choice.
        if value not in self.empty_values and selectors.parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class QueueFilters(forms.Form):
    wall = WallChoiceField(
        queryset=PledgeWallPage.objects.all(),
        required=False,
        label=gettext_lazy("Pledge wall"),
        empty_label=gettext_lazy("All walls"),
    )
    status = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All statuses"))] + list(PledgeStatus.choices),
    )
    flagged = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Sensitive words"),
        choices=[
            ("", gettext_lazy("All")),
            ("1", gettext_lazy("Flagged")),
            ("0", gettext_lazy("Not flagged")),
        ],
    )
    q = forms.CharField(required=False, label=gettext_lazy("Search text or member"))


def may_moderate(user):
    # cms.change_pledge (Editors, Moderators) for every pledge, or an organisation
    # administrator for their subtree's: PLEDGE_MODERATION.scope narrows each query.
    return PLEDGE_MODERATION.user_has_permission(user, "change")


def moderation_view(request):
    if not may_moderate(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return moderate_selected(request)
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = PledgeStatus.SUBMITTED  # the queue opens on what waits for review
    filters = QueueFilters(params)
    data = filters.cleaned_data if filters.is_valid() else {}
    queryset = selectors.moderation_queue(
        wall=data.get("wall") and data["wall"].pk,
        status=data.get("status", ""),
        flagged=data.get("flagged", ""),
        search=data.get("q", ""),
    )
    queryset = PLEDGE_MODERATION.scope(request.user, queryset, ["change"])
    page_obj = Paginator(queryset, 50).get_page(request.GET.get("page"))
    querystring = params.copy()
    querystring.pop("page", None)
    return TemplateResponse(
        request,
        "cms/pledges/admin_queue.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "querystring": querystring.urlencode(),
            "back": request.get_full_path(),
        },
    )


def moderate_selected(request):
    back = request.POST.get("back", "")
    # Only back to a page of this site: "//elsewhere" also starts with a slash.
    if not url_has_allowed_host_and_scheme(
        back, {request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse(URL_NAME)
    single = request.POST.get("approve_one")
    ids = [single] if single else request.POST.getlist("pledges")
    action = "approve" if single else request.POST.get("action")
    pledges = list(
        PLEDGE_MODERATION.scope(
            request.user,
            # The author's organisation comes along: moderate() checks it for each pledge.
            Pledge.objects.select_related("author__member__organisation").filter(
                pk__in=selectors.parse_ids(ids, limit=1000)
            ),
            ["change"],
        )
    )
    if not pledges:
        messages.error(request, _("Select at least one pledge."))
        return redirect(back)
    if action not in ("approve", "reject"):
        messages.error(request, _("Choose approve or reject."))
        return redirect(back)
    try:
        done, skipped = services.bulk_moderate(
            pledges=pledges,
            editor=request.user,
            approve=action == "approve",
            reason=query_text(request.POST.get("reason")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if done:
        messages.success(
            request,
            (
                ngettext("%(n)d pledge approved.", "%(n)d pledges approved.", len(done))
                if action == "approve"
                else ngettext("%(n)d pledge rejected.", "%(n)d pledges rejected.", len(done))
            )
            % {"n": len(done)},
        )
    for reason in dict.fromkeys(pledge.skip_reason for pledge in skipped):
        messages.warning(request, _("Skipped: %(reason)s") % {"reason": reason})
    return redirect(back)


@hooks.register("register_admin_urls")
def register_moderation_url():
    return [path("pledges/moderation/", moderation_view, name=URL_NAME)]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return may_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        gettext_lazy("Pledge moderation"), reverse(URL_NAME), icon_name="tasks", order=250
    )


@hooks.register("register_permissions")
def register_pledge_permissions():
    return Permission.objects.filter(content_type__app_label="cms", codename__in=["change_pledge"])


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = gettext_lazy("Sensitive words")
    list_display = ["word", "note"]
    search_fields = ["word"]


register_snippet(SensitiveWordViewSet)
