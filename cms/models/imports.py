"""A record of each imported article, so re-importing the same text changes nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleImport(models.Model):
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the article's Simplified text without whitespace"),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    story = models.ForeignKey(
        "cms.StoryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
        verbose_name=_("exemplar story"),
    )
    people_count = models.PositiveSmallIntegerField(_("people proposed"), default=0)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article import")
        verbose_name_plural = _("article imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename or self.content_hash[:12]
