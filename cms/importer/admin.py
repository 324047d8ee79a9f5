"""Wagtail admin screen "Import articles": upload or paste an article, preview the cleaned draft
and the proposed people (nothing saved yet), then confirm to create the draft story. When an
imported story is published, the editor is offered its draft people to publish with it
(cms.importer.publishing).

Wagtail loads hooks only from `<app>/wagtail_hooks.py`; cms/wagtail_hooks.py imports this module.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.importer.decode import MAX_BYTES
from cms.importer.parse import ArticleError, decode_article, parse_article
from cms.importer.publishing import people_to_offer, story_people_publish
from cms.importer.services import (
    CREATED,
    DUPLICATE,
    UNCHANGED,
    body_blocks,
    default_indexes,
    propose_people,
    story_region,
    story_summary,
    story_title,
    story_with_title,
)
from cms.models import ArticleImport, StoryPage

URL_NAME = "cms_importer_upload"
PEOPLE_URL_NAME = "cms_importer_publish_people"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Article file"),
        required=False,
        allow_empty_file=True,
        help_text=gettext_lazy("A plain text file (.txt), UTF-8 or GB18030, at most 2 MB."),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the article text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload is None and not text:
            raise forms.ValidationError(_("Choose a file or paste the article text."))
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(ArticleError("too_large").message)
            raw = upload.read(MAX_BYTES + 1)
            data["filename"] = upload.name
        else:
            raw = text.encode("utf-8")
            data["filename"] = ""
        try:
            data["decoded"] = decode_article(raw)
        except ArticleError as error:
            raise forms.ValidationError(error.message) from error
        return data


class ConfirmForm(forms.Form):
    # A hidden textarea, not <input type=hidden>: the article's line breaks must survive.
    raw = forms.CharField(widget=forms.Textarea(attrs={"hidden": True}), strip=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)


def can_import(user):
    story_index, profile_index = default_indexes()
    if story_index is None or profile_index is None:
        return False
    return (
        story_index.permissions_for_user(user).can_add_subpage()
        and profile_index.permissions_for_user(user).can_add_subpage()
    )


def preview_context(parsed):
    """What the editor checks before anything is saved."""
    blocks = []
    for kind, value in body_blocks(parsed):
        if kind == "paragraph":
            blocks.append({"kind": kind, "html": value.source})
        elif kind == "figure":
            blocks.append({"kind": kind, "figure": value})
        else:
            blocks.append({"kind": kind, "text": value})
    existing = ArticleImport.objects.filter(content_hash=parsed.content_hash).first()
    same_title = None if existing or not parsed.title else story_with_title(story_title(parsed))
    return {
        "title": story_title(parsed),
        "date": parsed.date,
        "byline": "、".join(parsed.byline),
        "source": parsed.source_site,
        "summary": story_summary(parsed),
        "region": story_region(parsed),
        "blocks": blocks,
        "people": propose_people(parsed),
        "warnings": parsed.warnings,
        "removed_count": len(parsed.removed),
        "already_imported": existing,
        "same_title": same_title,
    }


def import_view(request):
    from cms.importer.services import import_article

    if not can_import(request.user):
        raise PermissionDenied
    template = "cms/importer/upload.html"
    if request.method == "POST" and request.POST.get("action") == "confirm":
        confirm = ConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, _("The preview expired; upload the article again."))
            return redirect(URL_NAME)
        story_index, profile_index = default_indexes()
        result = import_article(
            confirm.cleaned_data["raw"].encode("utf-8"),
            confirm.cleaned_data["filename"],
            story_index=story_index,
            profile_index=profile_index,
            user=request.user,
        )
        if result.status == CREATED:
            messages.success(
                request,
                _("Draft story “%(title)s” created with %(count)d people.")
                % {"title": result.story.title, "count": len(result.profiles)},
            )
            return redirect("wagtailadmin_pages:edit", result.story.pk)
        if result.status == DUPLICATE:
            messages.warning(request, result.message)
            return redirect("wagtailadmin_pages:edit", result.story.pk)
        if result.status == UNCHANGED and result.story:
            messages.info(request, _("This article was imported before; nothing was changed."))
            return redirect("wagtailadmin_pages:edit", result.story.pk)
        return render(request, template, {"form": UploadForm(), "error": result.message})

    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            decoded = form.cleaned_data["decoded"]
            try:
                parsed = parse_article(decoded, filename=form.cleaned_data["filename"])
                if not parsed.blocks:
                    raise ArticleError("no_content")
            except ArticleError as error:
                return render(request, template, {"form": form, "error": error.message})
            confirm = ConfirmForm(
                initial={"raw": decoded, "filename": form.cleaned_data["filename"]}
            )
            return render(
                request,
                "cms/importer/preview.html",
                {
                    "confirm": confirm,
                    "filename": form.cleaned_data["filename"],
                    **preview_context(parsed),
                },
            )
    else:
        form = UploadForm()
    return render(request, template, {"form": form})


def publish_people_view(request, story_id):
    """Offer the draft people of a published imported story; publish those the editor keeps
    ticked."""
    story = get_object_or_404(StoryPage, pk=story_id)
    if not story.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    people = people_to_offer(story, request.user)
    done = redirect("wagtailadmin_explore", story.get_parent().pk)
    if not people:
        return done
    error = ""
    if request.method == "POST":
        try:
            published = story_people_publish(
                story=story, profile_ids=request.POST.getlist("profile"), user=request.user
            )
        except (ValidationError, ValueError) as refusal:
            error = (
                refusal.messages[0]
                if isinstance(refusal, ValidationError)
                else _("Choose the people to publish.")
            )
        else:
            messages.success(
                request,
                _("Published with the story: %(names)s.")
                % {"names": "、".join(p.title for p in published)},
            )
            return done
    return render(
        request,
        "cms/importer/publish_people.html",
        {"story": story, "people": people, "error": error, "skip_url": done.url},
    )


@hooks.register("after_publish_page")
def offer_story_people(request, page):
    """After an imported story is published, ask whether to publish its draft people too."""
    page = page.specific
    if isinstance(page, StoryPage) and people_to_offer(page, request.user):
        messages.success(request, _("Story “%(title)s” published.") % {"title": page.title})
        return redirect(PEOPLE_URL_NAME, page.pk)
    return None


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("import-articles/", import_view, name=URL_NAME),
        path(
            "import-articles/people/<int:story_id>/",
            publish_people_view,
            name=PEOPLE_URL_NAME,
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        gettext_lazy("Import articles"),
        reverse(URL_NAME),
        name="import-articles",
        icon_name="upload",
        order=210,
    )
