"""The database backend's index (SearchEntry) and the outbox that keeps every backend true."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable page, analysed. Token columns hold ' token token ' (space-delimited,
    with a leading and trailing space) so a word is found with contains(' word ').

    `terms` is what the database's full-text index holds (see search/README.md): every
    distinct token of the token columns and every character bigram of `plain`. Migration
    0005 indexes it (SQLite FTS5 table kept by triggers; PostgreSQL generated tsvector +
    GIN), so the index changes in the same statement as the row."""

    # No database constraint: the bench indexes synthetic documents without pages, and a
    # deleted page's entry is removed through the outbox anyway.
    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("page"),
    )
    type = models.CharField(_("type"), max_length=16, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(_("URL"), max_length=500, blank=True)
    region = models.CharField(_("region"), max_length=80, blank=True, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    org_path = models.CharField(_("organisation path"), max_length=255, blank=True, db_index=True)
    honours = models.CharField(
        _("honours"), max_length=500, blank=True, help_text="|honour|honour|"
    )
    date = models.DateField(_("date"), null=True, blank=True)
    title_words = models.TextField(blank=True)
    meta_words = models.TextField(blank=True)
    context_words = models.TextField(blank=True)
    body_words = models.TextField(blank=True)
    name_pinyin = models.CharField(max_length=255, blank=True)
    suggest = models.CharField(max_length=500, blank=True)
    plain = models.TextField(blank=True, help_text="Normalised Simplified text, for substrings")
    body = models.TextField(_("text"), blank=True, help_text="As written, for snippets")
    terms = models.TextField(blank=True, default="", help_text="Full-text index input")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"{self.type}:{self.title}"


class OutboxAction(models.TextChoices):
    INDEX = "index", _("Index")
    DELETE = "delete", _("Delete")


class SearchOutbox(models.Model):
    """A change the search index has not taken yet. Written in the same transaction as the
    content change, removed only after the backend accepted it, so nothing is lost."""

    page_id = models.PositiveIntegerField(_("page"), db_index=True)
    action = models.CharField(_("action"), max_length=8, choices=OutboxAction.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("search outbox entry")
        verbose_name_plural = _("search outbox")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.action} {self.page_id}"
