"""Assignments: a lecture assigned to an organisation (and its whole subtree) with a deadline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel


class Assignment(models.Model):
    lecture = models.ForeignKey(
        "learning.LecturePage",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("lecture"),
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("organisation"),
        help_text=_("Every member of this organisation and the organisations under it"),
    )
    # Its own context: the plain "due on" is a pledge's deadline (承诺期限), this one a study
    # deadline (截止日期), in the edit form as in the list.
    due_on = models.DateField(pgettext_lazy("assignment", "due on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("lecture"),
        FieldPanel("organisation"),
        FieldPanel("due_on"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["lecture", "organisation"], name="unique_assignment")
        ]

    def __str__(self):
        return f"{self.lecture} → {self.organisation}"
