"""Writes for selections. Each service checks the stage (from the timetable and `now`) and the
actor's place in the tree, and refuses with a Chinese ValidationError (a page shows it, the
API answers 409/422 through xianfeng.api.raise_refusal) or PermissionDenied."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.honours import profile_honour_confer
from cms.models import PledgeStatus
from learning.inbox import inbox_send
from learning.models import LectureProgress, MessageKind, ProgressEvent
from learning.selections.models import (
    MAX_DIMENSIONS,
    MAX_STARS,
    Candidate,
    EvidencePhoto,
    Objection,
    ObjectionStatus,
    Rating,
    Selection,
    Stage,
)
from learning.selections.selectors import (
    ancestor_paths,
    branch_of,
    combined_stars,
    is_committee_of,
    may_rate,
    selection_stage,
)
from learning.service_tasks.photos import new_token, photo_check
from xianfeng.text import strip_invisible

MAX_STATEMENT = 1000
MAX_PHOTOS = 6
MAX_REASON = 500


def _clean(text, limit, field):
    text = strip_invisible(str(text or "")).strip()
    if len(text) > limit:
        raise ValidationError(
            {field: _("At most %(limit)d characters, please.") % {"limit": limit}}
        )
    return text


def _require_stage(selection, now, *stages):
    stage = selection_stage(selection, now=now)
    if stage in stages:
        return stage
    messages = {
        Stage.SELF_ASSESSMENT: _("This can only be done while self-assessment is open."),
        Stage.RECOMMENDATION: _(
            "This can only be done during branch recommendation, after self-assessment closes."
        ),
        Stage.REVIEW: _("This can only be done during the committee review."),
        Stage.NOTICE: _("This can only be done while the public notice runs."),
        Stage.NOTICE_ENDED: _("This can only be done once the public notice has ended."),
    }
    raise ValidationError(
        messages.get(stages[0], _("The selection is not at this stage."))
        + " "
        + _("The selection is now at the stage: %(stage)s.") % {"stage": stage.label},
        code="wrong_stage",
    )


def _dimensions(raw) -> list[str]:
    names = [strip_invisible(str(n)).strip() for n in raw or [] if str(n).strip()]
    if not 1 <= len(names) <= MAX_DIMENSIONS:
        raise ValidationError(
            {"dimensions": _("Give between 1 and %(n)d dimensions.") % {"n": MAX_DIMENSIONS}}
        )
    if len(set(names)) != len(names) or any(len(n) > 20 for n in names):
        raise ValidationError(
            {"dimensions": _("Each dimension needs its own name of at most 20 characters.")}
        )
    return names


def _timetable(data):
    opens, closes = data["self_assessment_opens_on"], data["self_assessment_closes_on"]
    recommendation, review = data["recommendation_closes_on"], data["review_closes_on"]
    if not opens <= closes < recommendation <= review:
        raise ValidationError(
            {
                "review_closes_on": _(
                    "The stages must follow each other: self-assessment opens, closes, then "
                    "branch recommendation closes, then the committee review."
                )
            }
        )
    if not 1 <= data.get("notice_days", 5) <= 30:
        raise ValidationError({"notice_days": _("The notice runs between 1 and 30 days.")})


@transaction.atomic
def selection_open(
    *, organisation, opened_by, year: int, quota: int, title: str = "", dimensions=None, **timetable
) -> Selection:
    """Open a selection at `organisation` (the caller has checked the user's workspace)."""
    _timetable(timetable)
    if not 1 <= quota <= 1000:
        raise ValidationError({"quota": _("Choose how many may be chosen (1 to 1000).")})
    return Selection.objects.create(
        organisation=organisation,
        opened_by=opened_by,
        year=year,
        title=_clean(title, 120, "title")
        or _("%(year)d five-star member selection") % {"year": year},
        quota=quota,
        dimensions=_dimensions(dimensions) if dimensions else Selection().dimensions,
        **timetable,
    )


def _study_summary(member, year):
    seconds = sum(
        ProgressEvent.objects.filter(member=member, received_at__year=year).values_list(
            "credited_seconds", flat=True
        )
    )
    return {
        "year": year,
        "lectures_completed": LectureProgress.objects.filter(
            member=member, completed_at__year=year
        ).count(),
        "hours": round(seconds / 2700, 1),  # an official study hour is 45 minutes
    }


@transaction.atomic
def candidacy_submit(
    *,
    selection,
    member,
    statements: dict,
    pledge_ids=(),
    task_ids=(),
    include_study_record=False,
    photos=(),
    now=None,
) -> Candidate:
    """Write (or rewrite) the member's self-assessment while self-assessment is open."""
    now = now or timezone.now()
    if selection.organisation.path not in ancestor_paths(member.organisation):
        raise PermissionDenied(_("This selection is not open to your organisation."))
    _require_stage(selection, now, Stage.SELF_ASSESSMENT)
    cleaned = {
        name: _clean(statements.get(name), MAX_STATEMENT, name) for name in selection.dimensions
    }
    if not any(cleaned.values()):
        raise ValidationError(_("Write what you did for at least one dimension."))
    unknown = set(statements) - set(selection.dimensions)
    if unknown:
        raise ValidationError(
            _("This selection has no dimension %(name)s.") % {"name": sorted(unknown)[0]}
        )
    photos = list(photos)
    # Every photo decoded before anything is written (a renamed PDF is refused, not stored).
    checked = [(photo, photo_check(photo)) for photo in photos]
    from cms.models import Pledge

    pledge_ids = list(dict.fromkeys(pledge_ids))
    pledges = list(
        Pledge.objects.filter(pk__in=pledge_ids, author=member.user).exclude(
            status__in=[PledgeStatus.SUBMITTED, PledgeStatus.REJECTED]
        )
    )
    if len(pledges) != len(pledge_ids):
        raise ValidationError({"pledges": _("Link only your own published pledges.")})
    from learning.service_tasks.models import ClaimStatus, TaskClaim

    task_ids = list(dict.fromkeys(task_ids))
    tasks = list(
        TaskClaim.objects.filter(pk__in=task_ids, member=member, status=ClaimStatus.VERIFIED)
    )
    if len(tasks) != len(task_ids):
        raise ValidationError({"tasks": _("Link only your own verified service tasks.")})
    candidate, _created = Candidate.objects.update_or_create(
        selection=selection,
        member=member,
        defaults={
            "branch": branch_of(member.organisation),
            "statements": cleaned,
            "submitted_at": now,
            "study_summary": _study_summary(member, selection.year) if include_study_record else {},
        },
    )
    candidate.pledges.set(pledges)
    candidate.tasks.set(tasks)
    if candidate.photos.count() + len(checked) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)d photos.") % {"n": MAX_PHOTOS}})
    for photo, extension in checked:
        # A random name: the member's own file name says nothing to those who see the photo.
        item = EvidencePhoto(candidate=candidate)
        item.image.save(f"{new_token()}.{extension}", photo, save=True)
    return candidate


def _stars(selection, stars, *, low=1) -> dict:
    if not isinstance(stars, dict) or set(stars) != set(selection.dimensions):
        raise ValidationError({"stars": _("Give stars for every dimension of this selection.")})
    try:
        cleaned = {name: int(stars[name]) for name in selection.dimensions}
    except (TypeError, ValueError):
        raise ValidationError({"stars": _("Stars are whole numbers.")}) from None
    if any(not low <= value <= MAX_STARS for value in cleaned.values()):
        raise ValidationError({"stars": _("Stars run from 1 to 5.")})
    return cleaned


@transaction.atomic
def rating_set(*, candidate, rater, stars: dict, now=None) -> Rating:
    """The rater's own stars for the candidate: one rating each, rewritten until the stage
    closes."""
    now = now or timezone.now()
    if not may_rate(rater, candidate):
        raise PermissionDenied(
            _("Only committee members of the candidate's own branch rate the candidate.")
        )
    _require_stage(candidate.selection, now, Stage.RECOMMENDATION)
    rating, _created = Rating.objects.update_or_create(
        candidate=candidate, rater=rater, defaults={"stars": _stars(candidate.selection, stars)}
    )
    return rating


@transaction.atomic
def candidate_recommend(*, candidate, member, recommended: bool, now=None) -> Candidate:
    now = now or timezone.now()
    if member is None or not member.is_secretary or member.organisation_id != candidate.branch_id:
        raise PermissionDenied(_("Only the committee of the candidate's branch recommends."))
    _require_stage(candidate.selection, now, Stage.RECOMMENDATION)
    if recommended and not candidate.ratings.exists():
        raise ValidationError(_("Rate the candidate before recommending them."))
    candidate.recommended = recommended
    candidate.recommended_at = now
    candidate.recommended_by = member
    candidate.save(update_fields=["recommended", "recommended_at", "recommended_by"])
    return candidate


@transaction.atomic
def candidate_decide(*, candidate, user, chosen: bool, reason="", now=None) -> Candidate:
    """The committee's decision; a reason for every change from the branch's recommendation."""
    now = now or timezone.now()
    selection = candidate.selection
    if not is_committee_of(user, selection):
        raise PermissionDenied(_("Only the committee that opened the selection decides."))
    _require_stage(selection, now, Stage.REVIEW)
    reason = _clean(reason, MAX_REASON, "reason")
    if chosen != candidate.recommended and not reason:
        raise ValidationError(
            {"reason": _("Give a reason for deciding otherwise than the branch recommended.")}
        )
    stars = combined_stars(candidate)
    if chosen and not stars:
        raise ValidationError(_("The branch has not rated this candidate."))
    candidate.chosen = chosen
    candidate.decision_reason = reason
    candidate.decided_at = now
    candidate.decided_by = getattr(user, "member", None)
    candidate.stars = {name: int(value + 0.5) for name, value in stars.items()} if chosen else {}
    candidate.save(update_fields=["chosen", "decision_reason", "decided_at", "decided_by", "stars"])
    return candidate


def _notify(candidates, *, title, url, cause):
    inbox_send(
        member_ids=[c.member_id for c in candidates],
        kind=MessageKind.SELECTION,
        title=title,
        url=url,
        cause_key=cause,
    )


@transaction.atomic
def notice_publish(*, selection, user, now=None) -> Selection:
    """Publish the shortlist: every recommended candidate decided, 1 to quota chosen."""
    now = now or timezone.now()
    if not is_committee_of(user, selection):
        raise PermissionDenied(_("Only the committee that opened the selection decides."))
    _require_stage(selection, now, Stage.REVIEW)
    candidates = list(selection.candidates.all())
    if any(c.recommended and c.chosen is None for c in candidates):
        raise ValidationError(_("Decide on every candidate the branches recommended first."))
    chosen = [c for c in candidates if c.chosen]
    if not 1 <= len(chosen) <= selection.quota:
        raise ValidationError(
            _("Choose between 1 and %(quota)d candidates (now %(n)d).")
            % {"quota": selection.quota, "n": len(chosen)}
        )
    selection.notice_published_at = now
    selection.save(update_fields=["notice_published_at"])
    _notify(
        chosen,
        title=_("You are on the public notice of %(title)s") % {"title": selection.title},
        url=reverse("selections:notice", args=[selection.pk]),
        cause=f"selection:{selection.pk}:notice",
    )
    return selection


def objection_raise(*, candidate, text, contact, now=None) -> Objection:
    """Anyone's objection to a shortlisted candidate while the notice runs (rate-limited by
    the view; only the committee sees it)."""
    now = now or timezone.now()
    if not candidate.chosen:
        raise ValidationError({"candidate": _("This person is not on the public notice.")})
    _require_stage(candidate.selection, now, Stage.NOTICE)
    text = _clean(text, 1000, "text")
    contact = _clean(contact, 80, "contact")
    errors = {}
    if len(text) < 5:
        errors["text"] = _("Say what the objection is (at least 5 characters).")
    if len(contact) < 5:
        errors["contact"] = _("Leave a telephone number or address so the committee can reply.")
    if errors:
        raise ValidationError(errors)
    return Objection.objects.create(candidate=candidate, text=text, contact=contact)


@transaction.atomic
def objection_answer(*, objection, user, answer: str, dismiss=False, now=None) -> Objection:
    now = now or timezone.now()
    selection = objection.candidate.selection
    if not is_committee_of(user, selection):
        raise PermissionDenied(_("Only the committee that opened the selection answers."))
    _require_stage(selection, now, Stage.NOTICE, Stage.NOTICE_ENDED)
    answer = _clean(answer, 1000, "answer")
    if not answer:
        raise ValidationError({"answer": _("Write the committee's answer.")})
    objection.status = ObjectionStatus.DISMISSED if dismiss else ObjectionStatus.ANSWERED
    objection.answer = answer
    objection.answered_by = getattr(user, "member", None)
    objection.answered_at = now
    objection.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    return objection


@transaction.atomic
def selection_finalise(*, selection, user, now=None, conferred_on: datetime.date | None = None):
    """The result: each chosen member's honour written to their exemplar profile."""
    now = now or timezone.now()
    if not is_committee_of(user, selection):
        raise PermissionDenied(_("Only the committee that opened the selection decides."))
    _require_stage(selection, now, Stage.NOTICE_ENDED)
    if Objection.objects.filter(
        candidate__selection=selection, status=ObjectionStatus.PENDING
    ).exists():
        raise ValidationError(_("Answer every objection before announcing the result."))
    conferred_on = conferred_on or timezone.localdate(now)
    chosen = list(selection.candidates.filter(chosen=True).select_related("member__organisation"))
    for candidate in chosen:
        candidate.profile = profile_honour_confer(
            member_or_name=candidate.member,
            stars=candidate.stars,
            body=selection.body,
            conferred_on=conferred_on,
            role=candidate.member.organisation.name,
        )
        candidate.save(update_fields=["profile"])
    selection.finalised_at = now
    selection.save(update_fields=["finalised_at"])
    _notify(
        chosen,
        title=_("You were chosen: %(title)s") % {"title": selection.title},
        url=reverse("selections:mine"),
        cause=f"selection:{selection.pk}:honour",
    )
    _notify(
        [c for c in selection.candidates.all() if not c.chosen],
        title=_("The result of %(title)s is out") % {"title": selection.title},
        url=reverse("selections:mine"),
        cause=f"selection:{selection.pk}:result",
    )
    return selection
