"""The demo site: idempotent, with the brands the seed articles name; with seeds, the imported
stories and their people are live and linked."""

from pathlib import Path

import pytest
from wagtail.models import Page, Revision

from cms.demo import load_demo
from cms.models import ArticleImport, BrandPage, Organisation, ProfilePage, StoryPage

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
BRANDS = [
    "密云先锋",
    "韶曜先锋·五星党员",
    "七讲七比·争先攀高",
    "红色一刻钟",
    "善城大爱",
    "泥腿子",
    "双亮双比双争",
    "活力先锋",
]

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Organisation.objects.count(),
        ArticleImport.objects.count(),
        StoryPage.objects.live().count(),
        ProfilePage.objects.live().count(),
    )


def test_default_demo_is_idempotent_and_has_the_brands():
    load_demo(log=lambda m: None)
    first = snapshot()
    load_demo(log=lambda m: None)
    assert snapshot() == first
    assert sorted(BrandPage.objects.live().values_list("title", flat=True)) == sorted(BRANDS)
    for brand in BrandPage.objects.all():
        assert brand.meaning and len(brand.vehicle) >= 1 and brand.organisation_id
    assert Organisation.objects.filter(name="羊口镇党委", region="山东省寿光市").exists()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not present")
def test_demo_with_seeds_publishes_imported_stories_and_is_idempotent(client):
    logs = []
    load_demo(log=logs.append, seeds=True, seeds_dir=SEEDS)
    first = snapshot()
    load_demo(log=logs.append, seeds=True, seeds_dir=SEEDS)
    assert snapshot() == first
    assert ArticleImport.objects.count() == 4
    imported = StoryPage.objects.filter(imports__isnull=False)
    assert imported.count() == 4 and all(s.live for s in imported)
    assert not ProfilePage.objects.filter(live=False).exists()
    # The hand-made story keeps its place and its links; the imported 000 story reuses 何秀玲.
    miyun = StoryPage.objects.get(slug="miyun-xianfeng")
    assert list(miyun.profile_links.values_list("profile__title", flat=True)) == ["何秀玲"]
    assert ProfilePage.objects.filter(title="何秀玲").count() == 1
    brand = BrandPage.objects.get(slug="miyun-xianfeng")
    assert miyun.pk in brand.story_links.values_list("story_id", flat=True)
    assert brand.story_links.count() == 2
    # The brands link the project's own demo articles (test_demo_standalone.py), not the seeds.
    from learning.models import LecturePage

    lecture = LecturePage.objects.get(slug="pioneers-show-identity")
    assert "1+10" in lecture.sections.first().body
    assert client.get("/stories/").status_code == 200
