"""Re-importing a story already on the site under the same title, in either script, is caught:
the editor is told and no second copy is made, even when the text changed a little."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.importer.services import DUPLICATE, import_article
from cms.models import ArticleImport, ProfileIndexPage, StoryIndexPage, StoryPage

URL = "/admin/import-articles/"
SIMPLIFIED = """山村里的读书角
2024-04-23 来源：北岭晨报
村党支部书记钟立平说，孩子们放学后都爱来读书角。
读书角里有两千多册图书，都是党员们捐的。
"""
# The same story from a Traditional-script outlet, with one more paragraph (another hash).
TRADITIONAL = """山村裏的讀書角
2024-04-23 來源：南風週報
村黨支部書記鍾立平說，孩子們放學後都愛來讀書角。
讀書角裏有兩千多冊圖書，都是黨員們捐的。
週末還有志願者來講故事。
"""


@pytest.fixture
def indexes(db):
    from cms.services import ensure_child_page, ensure_home_page

    home, _ = ensure_home_page("先锋")
    stories, _ = ensure_child_page(home, StoryIndexPage, "stories", title="先锋故事")
    people, _ = ensure_child_page(home, ProfileIndexPage, "people", title="先锋人物")
    return {"story_index": stories, "profile_index": people}


def counts():
    return Page.objects.count(), ArticleImport.objects.count()


def test_same_title_in_the_other_script_is_not_imported_twice(indexes):
    first = import_article(SIMPLIFIED.encode(), "a.txt", **indexes)
    assert first.status == "created"
    before = counts()
    again = import_article(TRADITIONAL.encode(), "b.txt", **indexes)
    assert again.status == DUPLICATE and again.story.pk == first.story.pk
    assert "已有" in again.message and "山村里的读书角" in again.message
    assert counts() == before
    # And the other way round: a Traditional story first, then the Simplified copy.
    StoryPage.objects.all().delete()
    ArticleImport.objects.all().delete()
    assert import_article(TRADITIONAL.encode(), "b.txt", **indexes).status == "created"
    assert import_article(SIMPLIFIED.encode(), "a.txt", **indexes).status == DUPLICATE


def test_a_different_title_is_a_different_story(indexes):
    import_article(SIMPLIFIED.encode(), "a.txt", **indexes)
    other = SIMPLIFIED.replace("山村里的读书角", "山村里的图书室")
    assert import_article(other.encode(), "c.txt", **indexes).status == "created"


@pytest.fixture
def editor(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def test_admin_preview_warns_and_confirm_opens_the_existing_story(editor):
    response = editor.post(URL, {"action": "preview", "text": SIMPLIFIED})
    raw = response.context["confirm"].initial["raw"]
    editor.post(URL, {"action": "confirm", "raw": raw, "filename": ""})
    story = StoryPage.objects.get(title="山村里的读书角")

    response = editor.post(URL, {"action": "preview", "text": TRADITIONAL})
    html = response.content.decode()
    assert response.context["same_title"].pk == story.pk and "data-same-title" in html
    before = counts()
    raw = response.context["confirm"].initial["raw"]
    response = editor.post(URL, {"action": "confirm", "raw": raw, "filename": ""}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=(story.pk,))
    assert counts() == before
    assert any("已有" in str(m) for m in response.context["messages"])
