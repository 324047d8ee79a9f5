"""StreamField blocks shared by stories, profiles, brands and lectures."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.live_figures import live_figure_choices, live_figure_value, organisation_choices


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=200)
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=200,
        help_text=_("Describes the image for screen readers; the caption is used if empty."),
    )

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    speaker = blocks.CharBlock(label=_("speaker"), required=False, max_length=100)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quote")


class FigureBlock(blocks.StructBlock):
    """A headline figure such as "4.2万 / 名党员 / 亮身份"."""

    value = blocks.CharBlock(label=_("figure"), max_length=20, help_text=_("For example 4.2万"))
    unit = blocks.CharBlock(
        label=_("unit"), max_length=20, required=False, help_text=_("For example 名党员")
    )
    label = blocks.CharBlock(
        label=_("label"), max_length=60, required=False, help_text=_("For example 亮身份")
    )

    class Meta:
        icon = "pick"
        template = "blocks/figure.html"
        label = _("Highlighted figure")


class LiveFigureBlock(blocks.StructBlock):
    """A headline figure counted from the data (cms.live_figures) instead of typed."""

    figure = blocks.ChoiceBlock(label=_("live figure"), choices=live_figure_choices)
    organisation = blocks.ChoiceBlock(
        label=_("organisation"),
        choices=organisation_choices,
        required=False,
        help_text=_("Whose figure: empty for the brand's own organisation"),
    )
    unit = blocks.CharBlock(label=_("unit"), max_length=20, required=False)
    label = blocks.CharBlock(label=_("label"), max_length=60, required=False)

    def value_for(self, value, page=None):
        return live_figure_value(
            key=value.get("figure"),
            organisation_id=value.get("organisation"),
            default_organisation=getattr(page, "organisation", None),
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["figure"] = self.value_for(value, (parent_context or {}).get("page"))
        return context

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        page = (context or {}).get("page") if isinstance(context, dict) else None
        representation["value"] = self.value_for(value, page)
        return representation

    class Meta:
        icon = "pick"
        template = "blocks/live_figure.html"
        label = _("Live figure")


class MediaBlock(blocks.StructBlock):
    """Embedded video or audio: an uploaded document or a direct media URL."""

    kind = blocks.ChoiceBlock(
        label=_("media type"),
        choices=[("video", _("Video")), ("audio", _("Audio"))],
    )
    document = DocumentChooserBlock(label=_("media file"), required=False)
    url = blocks.URLBlock(label=_("media URL"), required=False)
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "blocks/media.html"
        label = _("Video or audio")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("document") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a media file or enter a URL."))}
            )
        return value


class StoryBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Section heading"), icon="title", max_length=120, template="blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul"],
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    figure = FigureBlock()
    media = MediaBlock()


class ActionBlock(blocks.StructBlock):
    """One action or mechanism of a brand's vehicle (载体), such as "1+10" 联系群众机制."""

    title = blocks.CharBlock(label=_("name"), max_length=80)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "list-ul"
        template = "blocks/action.html"
        label = _("Action or mechanism")


class HonourBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("honour"), max_length=80, help_text=_("For example 优秀共产党员")
    )
    conferred_by = blocks.CharBlock(label=_("conferred by"), max_length=120, required=False)
    conferred_on = blocks.DateBlock(label=_("date"), required=False)

    class Meta:
        icon = "pick"
        template = "blocks/honour.html"
        label = _("Honour")


def star_field(label):
    return blocks.IntegerBlock(label=label, min_value=0, max_value=5, default=0)


class DimensionStarsBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("dimension"), max_length=20)
    stars = star_field(_("stars"))


class FiveStarBlock(blocks.StructBlock):
    """五星党员: stars on the five dimensions, chosen bottom-up."""

    title = blocks.CharBlock(label=_("honour"), max_length=80, default="五星党员")
    conferred_by = blocks.CharBlock(label=_("conferred by"), max_length=120, required=False)
    conferred_on = blocks.DateBlock(label=_("date"), required=False)
    excellence = star_field(_("Striving for excellence"))
    service = star_field(_("Serving the people"))
    dedication = star_field(_("Dedication to work"))
    innovation = star_field(_("Innovation"))
    key_tasks = star_field(_("Tackling key tasks"))

    # The stars of a selection whose dimensions may differ from the five above (written by
    # cms.honours.profile_honour_confer); when present they are what the block shows.
    ratings = blocks.ListBlock(
        DimensionStarsBlock(), default=[], min_num=0, label=_("stars per dimension")
    )

    DIMENSIONS = ("excellence", "service", "dedication", "innovation", "key_tasks")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        ratings = [(r["name"], r["stars"] or 0) for r in value.get("ratings") or [] if r["name"]]
        context["dimensions"] = ratings or [
            (self.child_blocks[name].label, value.get(name) or 0) for name in self.DIMENSIONS
        ]
        return context

    class Meta:
        icon = "pick"
        template = "blocks/five_star.html"
        label = _("Five-star member rating")


class HonoursBlock(blocks.StreamBlock):
    honour = HonourBlock()
    five_star = FiveStarBlock()
