"""The secretary's pages (/branch/…) and the member's inbox (/inbox/). Thin: the scope and its
permission come from learning.branch.scope, the figures from the selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.branch import exports
from learning.branch.access import organisations_visible_to
from learning.branch.charts import comparison_chart, trend_chart
from learning.branch.comparison import recent_weekly_trend
from learning.branch.forms import BranchFilterForm
from learning.branch.scope import FilterError, branch_view_for
from learning.branch.selectors import (
    Status,
    branch_overview,
    hours_row,
    lecture_choices,
    member_rows,
    members_short_of_quota,
    sub_organisations,
)
from learning.branch.services import inbox_mark_read, reminder_send
from learning.models import InboxMessage
from learning.sections import branch_report_sections, branch_tabs
from learning.selectors import member_for
from xianfeng.throttles import rate_limited

PAGE_SIZE = 50


def _mark_hosted(row):
    """A member away from home shown with their host and home organisation (the row's
    organisation column is the host: learning.branch.hosted)."""
    if row.get("hosted"):
        row["organisation_name"] = _(
            "%(host)s (member away from home; home organisation: %(home)s)"
        ) % {"host": row["organisation_name"], "home": row["home_organisation_name"]}
    return row


def _view_or_404(request, params):
    try:
        return branch_view_for(request.user, params)
    except FilterError:
        raise Http404(_("There is no such view.")) from None


def _url(name, view, **changes):
    return f"{reverse(name)}?{urlencode(view.query(**changes))}"


def _common(request, view):
    return {
        "view": view,
        "organisations": organisations_visible_to(request.user).order_by("path"),
        "subs": sub_organisations(organisation=view.organisation),
        "lectures": lecture_choices(organisation=view.organisation),
        "statuses": list(Status.LABELS.items()),
        "extra_tabs": branch_tabs(),
    }


@login_required
def overview(request):
    view = _view_or_404(request, request.GET)
    data = branch_overview(organisation=view.organisation)
    for figures in [data, *data["children"]]:
        org = figures["organisation"]["id"]
        for row in figures["lectures"]:
            for status, key in (
                ("", "assigned"),
                (Status.COMPLETED, "completed"),
                (Status.OVERDUE, "overdue"),
                (Status.BEHIND, "behind"),
            ):
                query = {"lecture": row["lecture"], "status": status}
                if org != view.organisation.pk:
                    query["sub"] = org
                row[f"{key}_url"] = _url("branch:members", view, **query)
        figures["short_url"] = _url(
            "branch:hours",
            view,
            sub=None if org == view.organisation.pk else org,
        )
    trend = recent_weekly_trend(organisation=view.organisation) if data["children"] else None
    return render(
        request,
        "branch/overview.html",
        {
            **_common(request, view),
            "overview": data,
            "sections": branch_report_sections(organisation=view.organisation, user=request.user),
            "chart": comparison_chart(data["children"]) if data["children"] else "",
            "trend": trend,
            "trend_charts": [
                trend_chart(trend, key="hours", title=_("Study hours per week")),
                trend_chart(
                    trend, key="lectures_completed", title=_("Lectures completed per week")
                ),
            ]
            if trend
            else [],
        },
    )


@login_required
def members(request):
    view = _view_or_404(request, request.GET)
    rows = member_rows(**view.selector_filters())
    page = Paginator(rows, PAGE_SIZE).get_page(view.page)
    labels = dict(Status.LABELS)
    for row in page.object_list:
        row["status_label"] = labels[row["status"]]
        _mark_hosted(row)
    return render(
        request,
        "branch/members.html",
        {
            **_common(request, view),
            "page": page,
            "export_xlsx": _url("branch:export-xlsx", view),
            "export_csv": _url("branch:export-csv", view),
            "page_url": _url("branch:members", view),
            "can_remind": view.status != Status.COMPLETED,
        },
    )


@login_required
def hours(request):
    view = _view_or_404(request, request.GET)
    rows = members_short_of_quota(
        organisation=view.organisation, sub_organisation=view.sub_organisation
    )
    page = Paginator(rows, PAGE_SIZE).get_page(view.page)
    return render(
        request,
        "branch/hours.html",
        {
            **_common(request, view),
            "page": page,
            "rows": [_mark_hosted(hours_row(row)) for row in page.object_list],
            "page_url": _url("branch:hours", view),
            "export_xlsx": _url("branch:export-xlsx", view),
        },
    )


@login_required
def export(request, format):
    view = _view_or_404(request, request.GET)
    if format == "csv":
        return exports.members_csv_response(view)
    return exports.workbook_response(view)


@login_required
@require_POST
@rate_limited("branch_reminder")
def remind(request):
    view = _view_or_404(request, request.POST)
    reminder = reminder_send(view=view, sent_by=request.user)
    if reminder.recipients:
        messages.success(
            request,
            _("Reminder sent to %(count)d members.") % {"count": reminder.recipients},
        )
    else:
        messages.info(
            request, _("Nobody to remind: everyone here is done or already reminded today.")
        )
    return redirect(_url("branch:members", view))


@login_required
def inbox(request):
    member = member_for(request.user)
    if member is None:
        return render(request, "learning/no_member.html", status=403)
    if request.method == "POST":
        inbox_mark_read(member=member)
        return redirect("branch:inbox")
    form = BranchFilterForm({"page": request.GET.get("page") or 1})
    number = form.cleaned_data["page"] if form.is_valid() else 1
    page = Paginator(InboxMessage.objects.filter(member=member), PAGE_SIZE).get_page(number)
    return render(
        request,
        "branch/inbox.html",
        {"page": page, "member": member, "page_url": reverse("branch:inbox") + "?"},
    )
