"""The admin import screen: preview shows the draft and the people and saves nothing; confirming
creates the draft story and opens it in the editor; bad files show the Chinese message."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page

from cms.models import ArticleImport, ProfilePage, StoryPage

URL = "/admin/import-articles/"

ARTICLE = """党员亮身份 服务到门口
2023-05-06 来源：先锋日报
本报记者 王可心
河南寨镇套里村党支部书记何秀玲说，党员就要走在前面。
今年以来，何秀玲带领村民种植蔬菜，帮助大家增收。
村民孟桂玲说，都是何书记一点一点教我，才有了现在的好收成。
"""


@pytest.fixture
def editor(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def counts():
    return Page.objects.count(), ArticleImport.objects.count()


def test_menu_links_to_the_import_screen(editor):
    assert reverse("cms_importer_upload") == URL
    html = editor.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is JSON, with non-ASCII letters escaped.
    assert URL in html and json.dumps("导入文章")[1:-1] in html
    page = editor.get(URL)
    assert page.status_code == 200 and "导入文章" in page.content.decode()


def test_preview_shows_draft_and_people_and_saves_nothing(editor):
    before = counts()
    upload = SimpleUploadedFile("a.txt", ARTICLE.encode("utf-8"), content_type="text/plain")
    response = editor.post(URL, {"action": "preview", "file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "党员亮身份 服务到门口" in html and "2023-05-06" in html and "王可心" in html
    people = {p.name: p for p in response.context["people"]}
    assert "何秀玲" in people and "王可心" not in people
    # 何秀玲 of the demo site is proposed for reuse, 孟桂玲 as a new profile.
    assert people["何秀玲"].existing is not None and people["孟桂玲"].existing is None
    assert "创建草稿" in html
    assert counts() == before


def test_confirm_creates_the_draft_and_opens_the_editor(editor):
    response = editor.post(URL, {"action": "preview", "text": ARTICLE})
    raw = response.context["confirm"].initial["raw"]
    before_profiles = ProfilePage.objects.count()
    response = editor.post(URL, {"action": "confirm", "raw": raw, "filename": ""})
    story = StoryPage.objects.get(title="党员亮身份 服务到门口")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(story.pk,))
    assert not story.live and story.owner.username == "admin"
    assert ProfilePage.objects.count() == before_profiles + 1  # 孟桂玲; 何秀玲 reused
    # Confirming twice (a double click) changes nothing.
    before = counts()
    response = editor.post(URL, {"action": "confirm", "raw": raw, "filename": ""})
    assert response.status_code == 302 and counts() == before


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"", "文件为空"),
        (b"\x00\x01\x02\x03" * 50, "不是文本文件"),
        (b"abc \xff\xfe\xff\xff text \xff\xff" * 50, "编码"),
    ],
)
def test_bad_files_show_the_chinese_message_and_save_nothing(editor, payload, message):
    before = counts()
    upload = SimpleUploadedFile("bad.txt", payload, content_type="text/plain")
    response = editor.post(URL, {"action": "preview", "file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before


def test_nothing_given_is_refused(editor):
    response = editor.post(URL, {"action": "preview"})
    assert response.status_code == 200 and "请选择文件或粘贴文章正文" in response.content.decode()


def test_visitors_and_plain_users_cannot_import(client, demo_site, django_user_model):
    assert client.get(URL).status_code == 302  # to the admin login
    user = django_user_model.objects.create_user("member", password="x")
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
