"""Quizzes on a lecture: single or multiple choice, a pass mark, a limit on attempts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable


class Quiz(ClusterableModel):
    lecture = models.OneToOneField(
        "learning.LecturePage",
        on_delete=models.CASCADE,
        related_name="quiz",
        verbose_name=_("lecture"),
    )
    title = models.CharField(_("title"), max_length=120)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (percent)"),
        default=60,
        help_text=_("Share of questions answered correctly needed to pass"),
    )
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    # The quiz tests what the sections teach, so by default it opens once they are complete.
    open_from_start = models.BooleanField(
        _("open before the sections are complete"),
        default=False,
        help_text=_(
            "By default members can take the quiz only after completing every section "
            "of the lecture; tick this to open it from the start."
        ),
    )

    panels = [
        FieldPanel("lecture"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts")]),
        FieldPanel("open_from_start"),
        InlinePanel("questions", label=_("Questions"), min_num=1),
    ]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.pass_mark is not None and not 1 <= self.pass_mark <= 100:
            raise ValidationError({"pass_mark": _("The pass mark is a percentage from 1 to 100.")})
        if self.max_attempts == 0:
            raise ValidationError({"max_attempts": _("Allow at least one attempt.")})


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class QuizQuestion(Orderable):
    quiz = ParentalKey(Quiz, related_name="questions", on_delete=models.CASCADE)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    choices_text = models.TextField(
        _("choices"),
        help_text=_("One choice per line; start each correct choice with an asterisk (*)."),
    )

    panels = [FieldRowPanel([FieldPanel("text"), FieldPanel("kind")]), FieldPanel("choices_text")]

    class Meta(Orderable.Meta):
        verbose_name = _("question")

    def __str__(self):
        return self.text

    def parsed_choices(self):
        """[(index, text, is_correct)] from the editor's lines."""
        rows = []
        for line in (self.choices_text or "").splitlines():
            line = line.strip()
            if not line:
                continue
            correct = line.startswith("*")
            rows.append((len(rows), line.lstrip("*").strip(), correct))
        return rows

    @property
    def choices(self):
        return [text for _index, text, _correct in self.parsed_choices()]

    @property
    def correct_indexes(self):
        return {index for index, _text, correct in self.parsed_choices() if correct}

    def clean(self):
        super().clean()
        rows = self.parsed_choices()
        correct = [r for r in rows if r[2]]
        if len(rows) < 2:
            raise ValidationError({"choices_text": _("Give at least two choices.")})
        if not correct:
            raise ValidationError({"choices_text": _("Mark at least one correct choice with *.")})
        if self.kind == QuestionKind.SINGLE and len(correct) != 1:
            raise ValidationError(
                {"choices_text": _("A single-choice question has exactly one correct choice.")}
            )


class QuizAttempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    member = models.ForeignKey("cms.Member", on_delete=models.CASCADE, related_name="quiz_attempts")
    answers = models.JSONField(default=dict)
    correct = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(_("score (percent)"), default=0)
    passed = models.BooleanField(_("passed"), default=False)
    created_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quiz attempt")
        ordering = ["-created_at", "-pk"]
