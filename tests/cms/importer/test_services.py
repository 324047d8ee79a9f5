"""Importing an article creates a draft story with draft profiles, once; failures save nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from cms.importer import services
from cms.importer.services import import_article
from cms.importer.text import to_simplified
from cms.models import ArticleImport, ProfileIndexPage, ProfilePage, StoryIndexPage, StoryPage

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
SEED_000 = SEEDS / "000_c6ffbc5e4b60e513.txt"
SEED_004 = SEEDS / "004_1e9d790e0b3ee558.txt"

needs_seeds = pytest.mark.skipif(not SEED_000.exists(), reason="shared/seeds not present")

ARTICLE = """党员亮身份 服务到门口
2023-05-06 来源：先锋日报
本报记者 王可心
河南寨镇套里村党支部书记何秀玲说，党员就要走在前面。
今年以来，何秀玲带领村民种植蔬菜，帮助大家增收。
12名党员组成先锋队，为群众办实事。
村民孟桂玲说，都是何书记一点一点教我，才有了现在的好收成。
"""


@pytest.fixture
def indexes(db):
    from cms.services import ensure_child_page, ensure_home_page

    home, _ = ensure_home_page("先锋")
    stories, _ = ensure_child_page(home, StoryIndexPage, "stories", title="先锋故事")
    people, _ = ensure_child_page(home, ProfileIndexPage, "people", title="先锋人物")
    return {"story_index": stories, "profile_index": people}


def counts():
    return (
        Page.objects.count(),
        StoryPage.objects.count(),
        ProfilePage.objects.count(),
        ArticleImport.objects.count(),
    )


def test_import_creates_draft_story_profiles_and_links(indexes):
    result = import_article(ARTICLE.encode(), "a.txt", **indexes)
    assert result.status == "created", result.message
    story = StoryPage.objects.get(pk=result.story.pk)
    assert not story.live and story.has_unpublished_changes
    assert story.title == "党员亮身份 服务到门口"
    assert story.source == "先锋日报" or story.source == ""
    assert "王可心" in story.byline
    names = sorted(p.title for p in result.profiles)
    assert "何秀玲" in names and "王可心" not in names
    for profile in result.profiles:
        assert not profile.live and profile.latest_revision_id
    # The links are rows and are in the draft revision the editor opens.
    assert set(story.profile_links.values_list("profile__title", flat=True)) == set(names)
    revision = story.latest_revision.as_object()
    assert {link.profile.title for link in revision.profile_links.all()} == set(names)
    he = ProfilePage.objects.get(title="何秀玲")
    assert "书记" in he.role
    kinds = [block.block_type for block in story.body]
    assert "paragraph" in kinds and "figure" in kinds
    figure = next(b.value for b in story.body if b.block_type == "figure")
    assert figure["value"] == "12" and figure["unit"] == "名"
    record = ArticleImport.objects.get()
    assert (
        record.story == story and record.people_count == len(names) and record.filename == "a.txt"
    )


def test_paragraph_text_is_escaped(indexes):
    raw = (
        ARTICLE + "村党支部书记何秀玲写下<script>alert(1)</script>这句话，大家都记住了。\n"
    ).encode()
    result = import_article(raw, "x.txt", **indexes)
    html = "".join(str(b.value) for b in result.story.body if b.block_type == "paragraph")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_reimport_changes_nothing(indexes):
    first = import_article(ARTICLE.encode(), "a.txt", **indexes)
    before = counts()
    again = import_article(ARTICLE.encode(), "a-copy.txt", **indexes)
    assert again.status == "unchanged" and again.story == first.story
    assert "已导入" in again.message
    assert counts() == before


def test_traditional_copy_is_the_same_article(indexes):
    import_article(ARTICLE.encode(), "a.txt", **indexes)
    before = counts()
    from opencc import OpenCC

    traditional = OpenCC("s2t").convert(ARTICLE)
    assert traditional != ARTICLE and to_simplified(traditional) == ARTICLE
    result = import_article(traditional.encode(), "trad.txt", **indexes)
    assert result.status == "unchanged"
    assert counts() == before


def test_gb18030_file_imports(indexes):
    result = import_article(ARTICLE.encode("gb18030"), "gbk.txt", **indexes)
    assert result.status == "created"


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "文件为空"),
        (b"   \n\n  ", "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "不是文本文件"),
        ("党员".encode("utf-16"), "不是文本文件"),
        (b"abc \xff\xfe\xff\xff text \xff\xff" * 50, "编码"),
        (b"a" * (2 * 1024 * 1024 + 1), "文件过大"),
    ],
)
def test_bad_files_fail_with_a_chinese_message_and_save_nothing(indexes, raw, message):
    before = counts()
    result = import_article(raw, "bad.txt", **indexes)
    assert result.status == "failed"
    assert message in result.message
    assert result.story is None
    assert counts() == before


def test_failure_mid_import_rolls_everything_back(indexes, monkeypatch):
    made = []
    real = services.create_profile

    def create_then_fail(*args, **kwargs):
        if made:
            raise RuntimeError("disk full")
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(services, "create_profile", create_then_fail)
    before = counts()
    result = import_article(ARTICLE.encode(), "a.txt", **indexes)
    assert result.status == "failed" and "未保存" in result.message
    assert made, "the first profile was created before the failure"
    assert counts() == before
    # Nothing was remembered either: importing again after the fault works.
    monkeypatch.setattr(services, "create_profile", real)
    assert import_article(ARTICLE.encode(), "a.txt", **indexes).status == "created"


def test_failure_while_creating_the_story_rolls_back_profiles(indexes, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(services, "create_story", broken)
    before = counts()
    assert import_article(ARTICLE.encode(), "a.txt", **indexes).status == "failed"
    assert counts() == before


def test_existing_profile_is_reused(indexes):
    from cms.services import ensure_child_page

    he, _ = ensure_child_page(
        indexes["profile_index"], ProfilePage, "he-xiuling", title="何秀玲", role="套里村党支部书记"
    )
    result = import_article(ARTICLE.encode(), "a.txt", **indexes)
    assert he.pk in [p.pk for p in result.profiles]
    assert he.pk not in [p.pk for p in result.created_profiles]
    assert ProfilePage.objects.filter(title="何秀玲").count() == 1
    he.refresh_from_db()
    assert he.live  # a reused profile is left as the editors have it


def test_same_name_with_another_role_is_a_different_person(indexes):
    from cms.services import ensure_child_page

    ensure_child_page(
        indexes["profile_index"], ProfilePage, "hxl", title="何秀玲", role="某某中学教师"
    )
    import_article(ARTICLE.encode(), "a.txt", **indexes)
    assert ProfilePage.objects.filter(title="何秀玲").count() == 2


@needs_seeds
def test_traditional_seed_names_become_simplified_profiles(indexes):
    result = import_article(SEED_000.read_bytes(), SEED_000.name, **indexes)
    assert result.status == "created"
    names = {p.title for p in result.profiles}
    assert {"何秀玲", "任连东", "张海印", "李斌"} <= names
    assert not names & {"王可心", "钱蕾"}  # bylines are not people of the story
    assert ProfilePage.objects.get(title="李斌").role == "密云区委组织部副部长"
    story = result.story
    assert "密云" in story.title
    assert story.region == "密云区"
    text = " ".join(str(b.value) for b in story.body)
    assert "(" not in text or "miyun" not in text.lower()


def test_command_imports_a_folder_with_good_and_bad_files(indexes, tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    nested = tmp_path / "more"
    nested.mkdir()
    (nested / "gbk.txt").write_bytes(
        ARTICLE.replace("党员亮身份", "党员亮出身份").encode("gb18030")
    )
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(tmp_path), stdout=out, stderr=err)
    summary = out.getvalue()
    assert "2 created, 0 unchanged, 2 failed" in summary
    assert "文件为空" in summary and "不是文本文件" in summary
    assert StoryPage.objects.count() == 2 and ArticleImport.objects.count() == 2
    assert not StoryPage.objects.live().exists()
    # Again: everything already imported is unchanged, the bad files still fail.
    out = StringIO()
    call_command("import_articles", str(tmp_path), stdout=out, stderr=StringIO())
    assert "0 created, 2 unchanged, 2 failed" in out.getvalue()
    assert StoryPage.objects.count() == 2


def test_command_fails_when_every_file_fails(indexes, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(bad), stdout=out, stderr=StringIO())
    assert "0 created, 0 unchanged, 1 failed" in out.getvalue()
    with pytest.raises(CommandError):
        call_command(
            "import_articles", str(tmp_path / "missing.txt"), stdout=StringIO(), stderr=StringIO()
        )
