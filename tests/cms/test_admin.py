"""Editors create every page type in the Wagtail admin; bad input is refused and changes nothing."""

import io

import pytest
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import (
    BrandIndexPage,
    BrandPage,
    PledgeWallIndexPage,
    PledgeWallPage,
    ProfileIndexPage,
    ProfilePage,
    StoryIndexPage,
    StoryPage,
)
from learning.models import LecturePage, LectureSeriesPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


def publish(client, model, parent, data):
    data = {**data, "action-publish": "publish"}
    return client.post(
        add_url(model, parent),
        nested_form_data(data) if not isinstance(data.get("body"), str) else data,
    )


def empty_links(*names):
    return {name: inline_formset([]) for name in names}


CREATE_CASES = [
    (
        StoryPage,
        StoryIndexPage,
        lambda: {
            "title": "新故事",
            "slug": "new-story",
            "date": "2024-05-01",
            "source": "人民网",
            "byline": "",
            "summary": "",
            "region": "浙江省嘉兴市",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>正文一段。</p>")),
                    ("figure", {"value": "100", "unit": "名党员", "label": "亮身份"}),
                ]
            ),
            "tags": "",
            **empty_links("profile_links"),
        },
    ),
    (
        ProfilePage,
        ProfileIndexPage,
        lambda: {
            "title": "新人物",
            "slug": "new-person",
            "role": "村党支部书记",
            "bio": "",
            "region": "",
            "honours": streamfield([]),
            "deeds": streamfield([]),
        },
    ),
    (
        BrandPage,
        BrandIndexPage,
        lambda: {
            "title": "新品牌",
            "slug": "new-brand",
            "slogan": "口号",
            "region": "",
            "meaning": rich_text("<p>释义</p>"),
            "vehicle": streamfield([("action", {"title": "机制", "description": "说明"})]),
            "impact": streamfield([]),
            "impact_text": rich_text(""),
            **empty_links("gallery_images", "profile_links", "story_links"),
        },
    ),
    (
        PledgeWallPage,
        PledgeWallIndexPage,
        lambda: {
            "title": "新承诺墙",
            "slug": "new-wall",
            "intro": rich_text("<p>导语</p>"),
            "opens_on": "2024-01-01",
            "categories": "为民服务",
            "moderation_mode": "before",
            "max_pledges_per_member": "3",
            "region": "",
        },
    ),
    (
        LecturePage,
        LectureSeriesPage,
        lambda: {
            "title": "新党课",
            "slug": "new-lecture",
            "speaker": "",
            "points": "10",
            "summary": "摘要",
            "region": "",
            "sections": inline_formset(
                [
                    {
                        "title": "第一节",
                        "kind": "reading",
                        "body": rich_text("<p>内容</p>"),
                        "min_reading_seconds": "60",
                        "media_url": "",
                        "duration_seconds": "",
                    }
                ],
                min=1,
            ),
        },
    ),
]


@pytest.mark.parametrize(
    "model, parent_model, data", CREATE_CASES, ids=[c[0].__name__ for c in CREATE_CASES]
)
def test_editor_creates_and_publishes_each_page_type(editor_client, model, parent_model, data):
    parent = parent_model.objects.get()
    before = model.objects.count()
    response = editor_client.post(
        add_url(model, parent), nested_form_data({**data(), "action-publish": "publish"})
    )
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    page = model.objects.exclude(pk__in=[]).order_by("-pk").first()
    assert model.objects.count() == before + 1
    assert page.live
    assert editor_client.get(page.url).status_code == 200


def test_the_admin_speaks_chinese(editor_client):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "控制面板" in html
    html = editor_client.get("/admin/organisations/").content.decode()
    assert "党组织" in html and "中共北京市密云区委员会" in html and "党委" in html


@pytest.mark.parametrize("missing", ["title", "body"])
def test_story_without_required_fields_is_refused(editor_client, missing):
    parent = StoryIndexPage.objects.get()
    data = CREATE_CASES[0][2]()
    data[missing] = "" if missing == "title" else streamfield([])
    before = Page.objects.count()
    response = editor_client.post(
        add_url(StoryPage, parent), nested_form_data({**data, "action-publish": "publish"})
    )
    assert response.status_code == 200
    assert "该页面无法保存" in response.content.decode() or response.context["form"].errors
    assert Page.objects.count() == before


def test_lecture_section_without_media_is_refused(editor_client):
    parent = LectureSeriesPage.objects.get()
    data = CREATE_CASES[4][2]()
    data["sections"] = inline_formset(
        [
            {
                "title": "视频",
                "kind": "video",
                "media_url": "",
                "duration_seconds": "",
                "body": rich_text(""),
                "min_reading_seconds": "",
            }
        ],
        min=1,
    )
    before = LecturePage.objects.count()
    response = editor_client.post(
        add_url(LecturePage, parent), nested_form_data({**data, "action-publish": "publish"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "视频或音频章节需要媒体文件或链接" in html
    assert LecturePage.objects.count() == before


def test_uploading_a_file_that_is_not_an_image_is_refused(editor_client):
    Image = get_image_model()
    before = Image.objects.count()
    fake = io.BytesIO(b"%PDF-1.4 this is not an image at all")
    fake.name = "not-a-picture.png"
    response = editor_client.post(reverse("wagtailimages:add"), {"title": "假图片", "file": fake})
    assert response.status_code == 200
    assert "不是有效的图片" in response.content.decode() or response.context["form"].errors.get(
        "file"
    )
    assert Image.objects.count() == before


def test_uploading_a_real_image_makes_its_renditions(
    editor_client, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (179, 18, 31)).save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "photo.jpg"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("wagtailimages:add"), {"title": "真图片", "file": buffer}
        )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="真图片")
    # The immediate task backend ran make_renditions on save.
    specs = set(image.renditions.values_list("filter_spec", flat=True))
    assert {"fill-480x320", "fill-160x160", "width-960"} <= specs
