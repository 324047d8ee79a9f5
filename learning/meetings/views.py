"""The meeting pages. Organisers (/branch/meetings/…): list, schedule, run one meeting
(attendance, leave, marks, minutes, photos, close) and the check-in screen. Members
(/meetings/…): the notice page with reply or leave, lecture session sign-up, and the URL the
screen's QR code carries. Thin: access from learning.meetings.access, writes from services."""

import html
import io
from types import SimpleNamespace

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.members import member_of
from learning.meetings import access, selectors, services
from learning.meetings.codes import check_in_token, seconds_left
from learning.meetings.forms import (
    DecisionForm,
    MarkForm,
    MinutesForm,
    OrgForm,
    PhotoForm,
    ReplyForm,
    ScheduleForm,
)
from learning.meetings.models import Attendance
from learning.sections import branch_tabs
from xianfeng.throttles import rate_limited


def _organisation(request):
    form = OrgForm(request.GET)
    if not form.is_valid():
        raise Http404(_("There is no such organisation."))
    return access.organisation_or_404(request.user, form.cleaned_data["org"])


def _workspace(request, organisation):
    return {
        "view": SimpleNamespace(organisation=organisation),
        "organisations": access.organisations_organised_by(request.user).order_by("path"),
        "extra_tabs": branch_tabs(),
    }


def _refused(request, error):
    messages.error(request, error.message)


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
def branch_list(request):
    organisation = _organisation(request)
    return render(
        request,
        "meetings/branch_list.html",
        {
            **_workspace(request, organisation),
            "meetings": selectors.meetings_of_subtree(organisation=organisation)[:100],
            "figures": selectors.branch_meeting_figures(organisation=organisation),
        },
    )


def _member_choices(organisation):
    from cms.host_organisations.selectors import members_in_subtree

    members = members_in_subtree(organisation=organisation)
    return [
        (str(pk), name) for pk, name in members.order_by("name").values_list("pk", "name")[:500]
    ]


@login_required
@rate_limited("meeting_write")
def branch_new(request):
    organisation = _organisation(request)
    form = ScheduleForm(request.POST or None, member_choices=_member_choices(organisation))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                organisation=organisation,
                kind=data["kind"],
                topic=data["topic"],
                agenda=data["agenda"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                online_url=data["online_url"],
                lecture=data["lecture"],
                capacity=data["capacity"],
                member_ids=form.member_ids(),
                by=request.user,
            )
        except services.MeetingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The meeting is scheduled and its notice sent."))
            return redirect("meetings:branch-detail", meeting.pk)
    return render(
        request,
        "meetings/branch_new.html",
        {**_workspace(request, organisation), "form": form},
    )


@login_required
def branch_detail(request, meeting_id):
    meeting = access.organiser_meeting_or_404(request.user, meeting_id)
    rows = selectors.attendance_rows(meeting=meeting)
    # The minutes as the plain paragraphs the form edits (minutes_update makes them again).
    minutes_text = html.unescape(strip_tags(meeting.minutes.replace("</p>", "\n"))).strip()
    return render(
        request,
        "meetings/branch_detail.html",
        {
            **_workspace(request, meeting.organisation),
            "meeting": meeting,
            "rows": rows,
            "leave_requests": [r for r in rows if r["attendance"].leave_status == "requested"],
            "counts": selectors.attendance_counts(meeting=meeting),
            "mark_form": MarkForm(),
            "minutes_form": MinutesForm(
                initial={"minutes": minutes_text, "resolutions": meeting.resolutions}
            ),
            "photo_form": PhotoForm(),
            "photos": meeting.photos.all(),
        },
    )


def _organiser_post(request, meeting_id, form_class, action):
    """One POST on the organiser's page: form, service, message, back to the page."""
    meeting = access.organiser_meeting_or_404(request.user, meeting_id)
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is not None and not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            done = action(meeting, form.cleaned_data if form else None)
        except services.MeetingError as error:
            _refused(request, error)
        else:
            messages.success(request, done)
    return redirect("meetings:branch-detail", meeting.pk)


@require_POST
@login_required
@rate_limited("meeting_write")
def branch_leave(request, meeting_id):
    def decide(meeting, data):
        attendance = Attendance.objects.filter(meeting=meeting, pk=data["attendance"]).first()
        if attendance is None:
            raise Http404(_("There is no such leave request."))
        services.leave_decide(attendance=attendance, approve=data["approve"], by=request.user)
        return _("Leave approved.") if data["approve"] else _("Leave declined.")

    return _organiser_post(request, meeting_id, DecisionForm, decide)


@require_POST
@login_required
@rate_limited("meeting_write")
def branch_mark(request, meeting_id):
    def mark(meeting, data):
        services.attendance_mark(
            meeting=meeting,
            member_id=data["member"],
            present=data["state"] != "absent",
            late=data["state"] == "late",
            note=data["note"],
            by=request.user,
        )
        return _("Attendance marked.")

    return _organiser_post(request, meeting_id, MarkForm, mark)


@require_POST
@login_required
@rate_limited("meeting_write")
def branch_minutes(request, meeting_id):
    def save(meeting, data):
        services.minutes_update(
            meeting=meeting, minutes_text=data["minutes"], resolutions=data["resolutions"]
        )
        return _("The minutes are saved.")

    return _organiser_post(request, meeting_id, MinutesForm, save)


@require_POST
@login_required
@rate_limited("meeting_write")
def branch_photo(request, meeting_id):
    def add(meeting, data):
        services.photo_add(meeting=meeting, image=data["image"], caption=data["caption"])
        return _("The photo is added.")

    return _organiser_post(request, meeting_id, PhotoForm, add)


@require_POST
@login_required
@rate_limited("meeting_write")
def branch_close(request, meeting_id):
    def close(meeting, data):
        services.meeting_close(meeting=meeting, by=request.user)
        return _("The meeting is closed; its attendance is final.")

    return _organiser_post(request, meeting_id, None, close)


def _code(request, meeting):
    url = request.build_absolute_uri(
        reverse("meetings:check-in", args=[meeting.pk])
        + "?t="
        + check_in_token(meeting_id=meeting.pk)
    )
    out = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12).save(out)
    svg = out.getvalue().decode()
    return {"url": url, "svg": svg[svg.index("<svg") :], "seconds_left": seconds_left()}


@never_cache
@login_required
def branch_screen(request, meeting_id):
    meeting = access.organiser_meeting_or_404(request.user, meeting_id)
    return render(
        request,
        "meetings/screen.html",
        {
            "meeting": meeting,
            "code": _code(request, meeting),
            "counts": selectors.attendance_counts(meeting=meeting),
        },
    )


@never_cache
@login_required
def branch_screen_code(request, meeting_id):
    meeting = access.organiser_meeting_or_404(request.user, meeting_id)
    counts = selectors.attendance_counts(meeting=meeting)
    counts_text = _("%(checked)s of %(expected)s expected members checked in") % {
        "checked": counts["checked_in"],
        "expected": counts["expected"],
    }
    return JsonResponse(
        {**_code(request, meeting), **counts, "counts_text": counts_text},
        json_dumps_params={"ensure_ascii": False},
    )


# --- members ------------------------------------------------------------------------------


@login_required
def detail(request, meeting_id):
    meeting, organiser = access.member_meeting_or_404(request.user, meeting_id)
    member = member_of(request.user)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "organiser": organiser,
            "attendance": member and selectors.member_attendance(meeting=meeting, member=member),
            "check_in": member and selectors.member_check_in(meeting=meeting, member=member),
            "reply_form": ReplyForm(),
            "photos": meeting.photos.all() if meeting.is_closed else (),
        },
    )


@require_POST
@login_required
@rate_limited("meeting_write")
def reply(request, meeting_id):
    meeting, _organiser = access.member_meeting_or_404(request.user, meeting_id)
    member = member_of(request.user)
    form = ReplyForm(request.POST)
    if member is None:
        raise Http404(_("There is no such meeting."))
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.meeting_reply(
                meeting=meeting,
                member=member,
                reply=form.cleaned_data["reply"],
                reason=form.cleaned_data["reason"],
            )
        except services.MeetingError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Your reply is saved."))
    return redirect("meetings:detail", meeting.pk)


@require_POST
@login_required
@rate_limited("meeting_write")
def sign_up(request, meeting_id):
    meeting, _organiser = access.member_meeting_or_404(request.user, meeting_id)
    member = member_of(request.user)
    if member is None:
        raise Http404(_("There is no such meeting."))
    try:
        _attendance, created = services.session_sign_up(meeting=meeting, member=member)
    except services.MeetingError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("You are signed up.") if created else _("You were already signed up.")
        )
    return redirect("meetings:detail", meeting.pk)


@never_cache
@login_required
def check_in(request, meeting_id):
    """The URL in the screen's QR code. Opening it is the check-in (a phone's camera app opens
    a link by GET): the token is signed, bound to this meeting and a minute at most, the
    member must be signed in and expected, and a repeat changes nothing."""
    member = member_of(request.user)
    meeting = access.Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None or member is None:
        raise Http404(_("There is no such meeting."))
    error, created = None, False
    if not Attendance.objects.filter(meeting=meeting, member=member).exists():
        # 404: whoever is not expected learns nothing about the meeting but the refusal.
        error = services.MeetingError("not_expected", services.refusals()["not_expected"], 404)
        context = {"meeting": meeting, "error": error, "show_meeting": False}
        return render(request, "meetings/check_in.html", context, status=404)
    try:
        _record, created = services.check_in(
            meeting=meeting, member=member, token=request.GET.get("t", "")[:200]
        )
    except services.MeetingError as refused:
        error = refused
    context = {"meeting": meeting, "error": error, "created": created, "show_meeting": True}
    return render(request, "meetings/check_in.html", context, status=200 if error is None else 400)
