"""Writes for the two lists: publishing a code of conduct, acknowledging it, publishing tasks,
and a claim's life (claimed → confirmed or declined → reported → verified or sent back).

Refusals are Django ValidationErrors with a code (pages show the message; the API answers 409
or 422 through xianfeng.api.raise_refusal). Who may act is decided before a service is called
(selectors.secretary_* and the member's own rows), so a service trusts its arguments' scope but
checks the state under a row lock.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.inbox import inbox_send
from learning.models import MessageKind, PointsReason
from learning.service_tasks.models import (
    HOLDING,
    ClaimPhoto,
    ClaimStatus,
    CodeAcknowledgement,
    CodeOfConduct,
    ServiceTask,
    TaskClaim,
)
from learning.service_tasks.photos import new_token, photos_check
from learning.services.points import award_points

REASON_MAX = 300
EVIDENCE_MAX = 2000


def in_subtree(member, organisation) -> bool:
    return member.organisation.path.startswith(organisation.path)


def clean_text(value) -> str:
    return " ".join(str(value or "").replace("\x00", "").split())


# --- 共性清单 -----------------------------------------------------------------------------


def code_publish(*, organisation, title: str, body: str) -> CodeOfConduct:
    """A new version of the organisation's code: every member of the subtree is asked again."""
    title, body = clean_text(title), str(body or "").replace("\x00", "").strip()
    if not title or not body:
        raise ValidationError(_("Give the code a title and its rules."), code="invalid")
    with transaction.atomic():
        # Versions are numbered under the organisation's row lock: two publishers at once
        # cannot both take the same number.
        list(
            type(organisation)
            .objects.select_for_update()
            .filter(pk=organisation.pk)
            .values_list("pk", flat=True)
        )
        last = CodeOfConduct.objects.filter(organisation=organisation).aggregate(v=Max("version"))
        return CodeOfConduct.objects.create(
            organisation=organisation, version=(last["v"] or 0) + 1, title=title, body=body
        )


def code_acknowledge(*, member, code: CodeOfConduct) -> CodeAcknowledgement:
    """Acknowledge the current version once; acknowledging again changes nothing."""
    current = CodeOfConduct.objects.filter(organisation=code.organisation_id).order_by("-version")
    if current.values_list("pk", flat=True).first() != code.pk:
        raise ValidationError(
            _("A newer version of this code has been published; read that one."), code="stale"
        )
    existing = CodeAcknowledgement.objects.filter(code=code, member=member).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return CodeAcknowledgement.objects.create(code=code, member=member)
    except IntegrityError:  # a second click at the same moment
        return CodeAcknowledgement.objects.get(code=code, member=member)


# --- 个性清单 -----------------------------------------------------------------------------


def task_create(
    *,
    organisation,
    title: str,
    due_on: datetime.date,
    description: str = "",
    skills: str = "",
    places: str = "",
    capacity: int = 1,
    points: int = 5,
) -> ServiceTask:
    task = ServiceTask(
        organisation=organisation,
        title=clean_text(title),
        description=str(description or "").strip(),
        skills=clean_text(skills),
        places=clean_text(places),
        capacity=capacity,
        due_on=due_on,
        points=points,
    )
    task.full_clean()
    task.save()
    return task


def _tell(claim, title, cause):
    inbox_send(
        member_ids=[claim.member_id],
        kind=MessageKind.SERVICE_TASK,
        title=title,
        url=reverse("service_tasks:home") + "#claims",
        cause_key=f"service_task:{claim.pk}:{cause}",
    )


def task_claim(*, member, task: ServiceTask, note: str = "") -> TaskClaim:
    """Claim a place on a task of the member's own organisation or one above it.

    The task's row is locked while its places are counted, so its capacity holds however
    many members claim at once."""
    if not in_subtree(member, task.organisation):
        raise ValidationError(_("This task is not open to your organisation."), code="not_yours")
    note = clean_text(note)[:REASON_MAX]
    with transaction.atomic():
        task = ServiceTask.objects.select_for_update().get(pk=task.pk)
        if not task.is_open or task.due_on < timezone.localdate():
            raise ValidationError(_("This task is no longer open for claims."), code="closed")
        claim = TaskClaim.objects.filter(task=task, member=member).first()
        if claim is not None and claim.status != ClaimStatus.DECLINED:
            raise ValidationError(_("You have already claimed this task."), code="claimed")
        held = TaskClaim.objects.filter(task=task, status__in=HOLDING).count()
        if held >= task.capacity:
            raise ValidationError(_("Every place on this task is taken."), code="full")
        if claim is None:
            claim = TaskClaim.objects.create(task=task, member=member, note=note)
        else:  # declined before: a new try
            claim.status, claim.note, claim.reason = ClaimStatus.PENDING, note, ""
            claim.save(update_fields=["status", "note", "reason"])
    return claim


def _locked(claim, *statuses) -> TaskClaim:
    claim = (
        TaskClaim.objects.select_for_update(of=("self",)).select_related("task").get(pk=claim.pk)
    )
    if claim.status not in statuses:
        raise ValidationError(
            _("This claim is “%(status)s” now; refresh the page.")
            % {"status": claim.get_status_display()},
            code="wrong_state",
        )
    return claim


def _reason(reason):
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(_("Give the reason."), code="reason_required")
    if len(reason) > REASON_MAX:
        raise ValidationError(_("Keep the reason under 300 characters."), code="reason_too_long")
    return reason


def claim_confirm(*, claim: TaskClaim) -> TaskClaim:
    with transaction.atomic():
        claim = _locked(claim, ClaimStatus.PENDING)
        claim.status = ClaimStatus.CONFIRMED
        claim.save(update_fields=["status"])
        _tell(claim, _("Your claim of “%(task)s” is confirmed") % {"task": claim.task}, "ok")
    return claim


def claim_decline(*, claim: TaskClaim, reason: str) -> TaskClaim:
    reason = _reason(reason)
    with transaction.atomic():
        claim = _locked(claim, ClaimStatus.PENDING)
        claim.status, claim.reason = ClaimStatus.DECLINED, reason
        claim.save(update_fields=["status", "reason"])
        _tell(
            claim,
            _("Your claim of “%(task)s” was declined: %(reason)s")
            % {"task": claim.task, "reason": reason},
            f"declined:{timezone.now().timestamp()}",
        )
    return claim


def claim_report(*, claim: TaskClaim, evidence: str, photos=()) -> TaskClaim:
    """The member's report that the task is done: a text and up to four photos."""
    evidence = str(evidence or "").replace("\x00", "").strip()
    if not evidence:
        raise ValidationError(_("Say what you did."), code="evidence_required")
    if len(evidence) > EVIDENCE_MAX:
        raise ValidationError(_("Keep the report under 2000 characters."), code="evidence_too_long")
    checked = photos_check(photos)
    with transaction.atomic():
        claim = _locked(claim, ClaimStatus.CONFIRMED)
        for upload, extension in checked:
            photo = ClaimPhoto(claim=claim, token=new_token(), extension=extension)
            upload.seek(0)
            photo.image.save("photo", ContentFile(upload.read()), save=False)
            photo.save()
        claim.status, claim.evidence, claim.reason = ClaimStatus.REPORTED, evidence, ""
        claim.reported_at = timezone.now()
        claim.save(update_fields=["status", "evidence", "reason", "reported_at"])
    return claim


def claim_send_back(*, claim: TaskClaim, reason: str) -> TaskClaim:
    reason = _reason(reason)
    with transaction.atomic():
        claim = _locked(claim, ClaimStatus.REPORTED)
        claim.status, claim.reason = ClaimStatus.CONFIRMED, reason
        claim.save(update_fields=["status", "reason"])
        _tell(
            claim,
            _("Your report on “%(task)s” was sent back: %(reason)s")
            % {"task": claim.task, "reason": reason},
            f"sent_back:{timezone.now().timestamp()}",
        )
    return claim


def verify_source_key(claim) -> str:
    return f"service_task:{claim.task_id}:member:{claim.member_id}"


def claim_verify(*, claim: TaskClaim) -> TaskClaim:
    """Verify a reported claim and pay the task's points, once.

    Twice, or by two secretaries at once: the claim's row lock lets one through and the other
    sees it verified (and changes nothing); the ledger's unique source key backs that up."""
    with transaction.atomic():
        claim = (
            TaskClaim.objects.select_for_update(of=("self",))
            .select_related("task", "member")
            .get(pk=claim.pk)
        )
        if claim.status == ClaimStatus.VERIFIED:
            return claim
        claim = _locked(claim, ClaimStatus.REPORTED)
        entry, _created = award_points(
            claim.member,
            PointsReason.SERVICE_TASK,
            verify_source_key(claim),
            points=claim.task.points,
            note=claim.task.title[:200],
        )
        claim.status, claim.points_entry = ClaimStatus.VERIFIED, entry
        claim.verified_at = timezone.now()
        claim.save(update_fields=["status", "points_entry", "verified_at"])
        _tell(
            claim,
            _("“%(task)s” is verified: %(points)s service points")
            % {"task": claim.task, "points": entry.points},
            "verified",
        )
    return claim
