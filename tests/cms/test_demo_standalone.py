"""The demo stands on its own: `manage.py load_demo` on a clone without ../shared gives every
walk-through's pages, from texts the project wrote (cms/demo_articles.py). The seed news
articles in ../shared/seeds are test input only."""

import builtins
import io
import os
import pathlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.demo_articles import DEMO_ARTICLES
from cms.importer.text import to_simplified

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
DEMO_MODULES = [
    REPO / "cms" / "demo.py",
    REPO / "cms" / "demo_articles.py",
    REPO / "cms" / "demo_images.py",
    REPO / "learning" / "demo.py",
]


@pytest.fixture
def no_shared_folder(monkeypatch):
    """Anything under ../shared (beside the repository) is missing, as on a user's clone."""
    shared = str(REPO.parent / "shared")

    def outside(path):
        return os.path.abspath(os.fspath(path)).startswith(shared)

    def guarded(function):
        def check(path, *args, **kwargs):
            if isinstance(path, (str, os.PathLike)) and outside(path):
                raise FileNotFoundError(path)
            return function(path, *args, **kwargs)

        return check

    monkeypatch.setattr(builtins, "open", guarded(builtins.open))
    monkeypatch.setattr(io, "open", guarded(io.open))
    for name in ("read_bytes", "read_text", "is_dir", "exists", "glob", "iterdir"):
        original = getattr(pathlib.Path, name)
        monkeypatch.setattr(
            pathlib.Path,
            name,
            lambda self, *a, _original=original, **k: (
                (_ for _ in ()).throw(FileNotFoundError(self))
                if outside(self)
                else _original(self, *a, **k)
            ),
        )


def test_demo_modules_name_no_shared_folder():
    for module in DEMO_MODULES:
        # Docstrings may say why; no code builds a path to it (`... / "shared" / "seeds"`).
        text = module.read_text()
        assert '"shared"' not in text and "'shared'" not in text, module
        assert 'shared/seeds"' not in text and "SEEDS_DIR" not in text, module


def test_load_demo_without_shared_gives_all_walk_throughs(
    client, demo_site, no_shared_folder, settings
):
    from cms.models import ArticleImport, BrandPage, ProfilePage, StoryPage
    from learning.models import LecturePage

    settings.DEMO_BRANCH_WORKSPACE = True  # as `make run` has it (the suite leaves it out)
    settings.PAGE_CACHE_ENABLED = False
    with pytest.raises(FileNotFoundError):
        (REPO.parent / "shared" / "seeds").is_dir()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Articles: 4 of 4 stories live." in out.getvalue()
    assert ArticleImport.objects.filter(filename__in=[a[1] for a in DEMO_ARTICLES]).count() == 4

    # 1: brand list, 密云先锋, an exemplar's profile, her story.
    assert client.get("/brands/?region=北京市密云区").status_code == 200
    brand = client.get("/brands/miyun-xianfeng/").content.decode()
    assert "/people/he-xiuling/" in brand
    # 2: the story in Traditional script, beside the hand-made one of the same title, on
    # the brand's page and on 何秀玲's (one never hides the other).
    traditional = StoryPage.objects.live().get(title="北京密云打造“密云先鋒”特色黨建品牌")
    hand_made = StoryPage.objects.live().get(slug="miyun-xianfeng")
    assert to_simplified(traditional.title) == hand_made.title
    profile = client.get("/people/he-xiuling/").content.decode()
    for html in (brand, profile):
        assert traditional.url in html and hand_made.url in html
    assert ProfilePage.objects.filter(title="何秀玲").count() == 1
    # The project's people are live and on their brands.
    for slug, name in [("miyun-xianfeng", "孙立新"), ("shaoyao-wuxing", "韩志远")]:
        assert name in client.get(BrandPage.objects.get(slug=slug).url).content.decode()
    assert not ProfilePage.objects.filter(live=False).exists()
    # 3: a lecture of four sections from the project's texts, and the demo member.
    lecture = LecturePage.objects.get(slug="pioneers-show-identity")
    assert lecture.sections.count() == 4
    assert "1+10" in lecture.sections.first().body
    assert client.get(lecture.url).status_code == 200
    users = get_user_model().objects
    client.force_login(users.get(username="dangyuan"))
    assert client.get(f"/study/lecture/{lecture.pk}/").status_code == 200
    # 4: the pledge wall with its form for a member.
    assert client.get("/pledges/qijiang-qibi/").status_code == 200
    client.logout()
    # 5: the editor's import screen; 6: the secretary's branch report.
    client.force_login(users.get(username="admin"))
    assert client.get("/admin/import-articles/").status_code == 200
    client.logout()
    client.force_login(users.get(username="shuji"))
    assert client.get("/branch/").status_code == 200

    # Loading again changes nothing.
    stories = StoryPage.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert StoryPage.objects.count() == stories
