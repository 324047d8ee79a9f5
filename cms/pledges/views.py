"""Pages of a pledge wall, routed from PledgeWallPage: the wall, posting, a pledge's own page,
progress and outcome forms, and the share card."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cms.members import member_of
from cms.page_cache import CACHEABLE_FLAG
from cms.pledges import selectors, services
from cms.pledges.forms import OutcomeForm, PledgeForm, ProgressForm, RatingForm
from cms.pledges.liker_token import set_visitor_cookie, visitor_key_from_cookie
from cms.pledges.tasks import card_is_ready, card_status, share_card_request
from xianfeng.throttles import rate_limited


def _apply_errors(form, error):
    """Put a service's ValidationError on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def wall(request, page, form=None, status=200):
    category = request.GET.get("category", "")
    status_filter = request.GET.get("status", "")
    pledges = selectors.wall_pledges(page, category=category, status=status_filter)
    paginator = Paginator(pledges, selectors.PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    # Pagination links keep only the filters the wall understands, URL-encoded (a category
    # may hold "&" or "#").
    query = {}
    if category in page.category_list:
        query["category"] = category
    if status_filter in dict(selectors.status_filter_choices()):
        query["status"] = status_filter
    context = page.get_context(request)
    context.update(
        {
            "page_obj": page_obj,
            "pledge_base": page.url,
            "filters": {
                "category": category,
                "status": status_filter,
                "querystring": urlencode(query),
                "active": bool(query),
            },
            "status_choices": selectors.status_filter_choices(),
            "counts": selectors.wall_counts(page),
            "form": form or (PledgeForm(wall=page) if member_of(request.user) else None),
            "my_pledges": selectors.member_pledges(page, request.user),
            "login_url": settings.LOGIN_URL,
        }
    )
    return TemplateResponse(request, "cms/pledge_wall_page.html", context, status=status)


@rate_limited("pledge_post")
def post_pledge(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(page.url + "post/")
    if request.method != "POST":
        return HttpResponseRedirect(page.url + "#post")
    form = PledgeForm(request.POST, wall=page)
    if form.is_valid():
        try:
            pledge = services.post_pledge(wall=page, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, _("Your pledge has been saved."))
            return HttpResponseRedirect(page.url + page.reverse_subpage("pledge", args=[pledge.pk]))
    return wall(request, page, form=form, status=400)


def pledge_detail(request, page, pledge_id, progress_form=None, outcome_form=None, status=200):
    pledge = selectors.visible_pledge(pledge_id, request.user, wall=page)
    is_author = request.user.is_authenticated and pledge.author_id == request.user.pk
    if is_author:
        # The author sees private notices (review, rejection): never share this page.
        setattr(request, CACHEABLE_FLAG, False)
    context = page.get_context(request)
    context.update(
        {
            "pledge": pledge,
            "pledge_base": page.url,
            "updates": pledge.updates.all(),
            "is_author": is_author,
            "can_update": is_author and pledge.is_active,
            "progress_form": progress_form or ProgressForm(prefix="progress"),
            "outcome_form": outcome_form or OutcomeForm(prefix="outcome"),
            "card_url": page.url + page.reverse_subpage("card", args=[pledge.pk]),
            "full_url": pledge.get_full_url(),
            "rate_url": page.url + page.reverse_subpage("rate", args=[pledge.pk]),
            "resident_comments": selectors.shown_ratings(pledge),
        }
    )
    return TemplateResponse(request, "cms/pledges/pledge_page.html", context, status=status)


@rate_limited("pledge_rating")
def rate_pledge(request, page, pledge_id, form=None):
    """评诺 by residents: rate a fulfilled pledge without an account (the page its share card's
    QR code leads to links here). Never cached: the form carries a CSRF token, and the
    visitor's cookie says who has rated."""
    from cms.pledges.verdicts import pledge_rating_create
    from xianfeng.throttles import client_address

    pledge = selectors.visible_pledge(pledge_id, None, wall=page)
    setattr(request, CACHEABLE_FLAG, False)
    pledge_url = page.url + page.reverse_subpage("pledge", args=[pledge.pk])
    visitor_key = visitor_key_from_cookie(request)
    status = 200
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        status = 400
        if not visitor_key:
            form.add_error(None, _("Your browser did not accept the cookie needed to rate."))
        elif form.is_valid():
            try:
                pledge_rating_create(
                    pledge=pledge,
                    visitor_key=visitor_key,
                    satisfied=form.cleaned_data["satisfied"] == "yes",
                    comment=form.cleaned_data["comment"],
                    ip=client_address(request),
                )
            except ValidationError as error:
                _apply_errors(form, error)
                status = 429 if getattr(error, "code", None) == "throttled" else 400
            else:
                messages.success(
                    request,
                    _("Thank you for your rating. A comment is shown once it has been checked."),
                )
                return HttpResponseRedirect(pledge_url)
    context = page.get_context(request)
    context.update({"pledge": pledge, "pledge_url": pledge_url, "form": form})
    response = TemplateResponse(request, "cms/pledges/rate_page.html", context, status=status)
    if not visitor_key:
        set_visitor_cookie(response, secrets.token_hex(16))
    return response


def _author_post(request, page, pledge_id):
    if not request.user.is_authenticated:
        return None, redirect_to_login(page.url + page.reverse_subpage("pledge", args=[pledge_id]))
    pledge = selectors.visible_pledge(pledge_id, request.user, wall=page)
    if request.method != "POST":
        return None, HttpResponseRedirect(
            page.url + page.reverse_subpage("pledge", args=[pledge.pk])
        )
    if pledge.author_id != request.user.pk:
        raise PermissionDenied(_("Only the member who made this pledge can change it."))
    return pledge, None


@rate_limited("pledge_progress")
def add_progress(request, page, pledge_id):
    pledge, response = _author_post(request, page, pledge_id)
    if response:
        return response
    form = ProgressForm(request.POST, prefix="progress")
    if form.is_valid():
        try:
            services.add_progress(pledge=pledge, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your progress update has been published."))
            return HttpResponseRedirect(request.path.rsplit("progress/", 1)[0])
    return pledge_detail(request, page, pledge.pk, progress_form=form, status=400)


@rate_limited("pledge_outcome")
def report_outcome(request, page, pledge_id):
    pledge, response = _author_post(request, page, pledge_id)
    if response:
        return response
    form = OutcomeForm(request.POST, prefix="outcome")
    if form.is_valid():
        try:
            services.report_outcome(
                pledge=pledge,
                user=request.user,
                fulfilled=form.cleaned_data["outcome"] == "fulfilled",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: the outcome is on the wall."))
            return HttpResponseRedirect(request.path.rsplit("outcome/", 1)[0])
    return pledge_detail(request, page, pledge.pk, outcome_form=form, status=400)


def share_card(request, page, pledge_id):
    pledge = selectors.visible_pledge(pledge_id, None, wall=page)
    if not card_is_ready(pledge):
        # One drawing per version of the card, however many visitors ask while it is drawn
        # (inline in tests, on a worker in production); a failed one waits for its retry.
        share_card_request(pledge=pledge)
        pledge.refresh_from_db()
        if not card_is_ready(pledge):
            return _card_not_ready(pledge)
    response = FileResponse(pledge.share_card.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _card_not_ready(pledge):
    """202 while the card is drawn; 503 once drawing failed, saying when it is tried again
    (Retry-After) or that it was given up."""
    from cms.pledges.models import ShareCardState

    status = card_status(pledge)
    retry_after = 3
    if status.state == ShareCardState.RETRYING and status.next_try:
        retry_after = max(1, int((status.next_try - timezone.now()).total_seconds()) + 1)
        message = _(
            "The share card could not be drawn. We will try again after %(time)s; "
            "please reload this page then."
        ) % {"time": timezone.localtime(status.next_try).strftime("%H:%M")}
        code = 503
    elif status.state == ShareCardState.FAILED:
        message, code, retry_after = _("The share card cannot be drawn at the moment."), 503, None
    else:
        message = _("The share card is being drawn. Please reload this page in a few seconds.")
        code = 202
    response = HttpResponse(message, status=code, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
