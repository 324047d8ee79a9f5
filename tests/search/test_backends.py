"""One behaviour suite, run against each backend (database; Elasticsearch on the dev node)."""

import pytest

from search.backends.base import SearchQuery
from search.selectors import make_query
from tests.search.conftest import refresh, titles

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "x" * 1000,
    "先锋" * 500,
    "！？。，、",
    "*",
    "?",
    "title:(",
    "title:(密云",
    '"',
    "\\",
    "AND OR NOT",
    "密云 AND (",
    "/[a-z]+/",
    '{"query": 1}',
    "\x00",
    "🙂",
    "<script>alert(1)</script>",
    "%",
    "_",
    "' OR 1=1 --",
]


def search(backend, q, **kwargs):
    return backend.search(SearchQuery(q=q, **kwargs))


def test_a_two_character_word_inside_unsegmented_chinese_is_found(indexed):
    # 何秀玲's deeds: "她把育苗大棚里的种植经验一点一点教给村民"
    assert titles(search(indexed, "育苗"))[:1] == ["何秀玲"]
    assert "何秀玲" in titles(search(indexed, "种植经验"))


def test_simplified_query_finds_traditional_text_and_the_other_way(indexed):
    simplified = titles(search(indexed, "密云先锋"))
    traditional = titles(search(indexed, "密雲先鋒"))
    assert "密雲先鋒在行動" in simplified
    assert "密云先锋" in simplified  # the brand
    assert simplified == traditional
    assert "何秀玲" in titles(search(indexed, "育苗大棚"))
    assert titles(search(indexed, "呂曉輝")) == titles(search(indexed, "吕晓辉"))


def test_name_finds_the_profile_first_and_in_traditional_script(indexed):
    assert titles(search(indexed, "何秀玲"))[0] == "何秀玲"
    assert titles(search(indexed, "何秀玲", types=("profile",))) == ["何秀玲"]


@pytest.mark.parametrize(
    "typed", ["hexiuling", "HeXiuLing", "he xiu ling", "ｈｅｘｉｕｌｉｎｇ", "hxl"]
)
def test_pinyin_of_a_name_finds_the_profile(indexed, typed):
    assert titles(search(indexed, typed))[:1] == ["何秀玲"]


def test_pinyin_is_for_person_names_only(indexed):
    assert search(indexed, "miyun").total == 0


def test_results_are_ranked_title_first(indexed):
    results = search(indexed, "密云先锋")
    assert results.hits[0].title == "密云先锋" and results.hits[0].type == "brand"


def test_highlighted_snippets_in_the_original_script(indexed):
    hit = next(h for h in search(indexed, "密云先锋").hits if h.title == "密雲先鋒在行動")
    assert "<mark>密雲先鋒</mark>" in hit.snippet
    assert "<mark>密雲先鋒</mark>" in hit.title_html
    assert hit.url.startswith("/")


def test_filters_by_type_region_organisation_subtree_and_honour(indexed):
    from cms.models import Organisation

    assert {h.type for h in search(indexed, "先锋", types=("brand",)).hits} == {"brand"}
    in_miyun = titles(search(indexed, "先锋", region="北京市密云区"))
    in_jiaxing = titles(search(indexed, "先锋", region="浙江省嘉兴市"))
    assert "密云先锋" in in_miyun and "密云先锋" not in in_jiaxing
    assert in_jiaxing and "七讲七比·争先攀高" in in_jiaxing
    town = Organisation.objects.get(name="河南寨镇党委")  # 何秀玲's branch is below it
    subtree = search(indexed, "何秀玲", org_path=town.path)
    assert titles(subtree) == ["何秀玲"]
    jiaxing = Organisation.objects.get(name="中共嘉兴市委员会")
    assert search(indexed, "何秀玲", org_path=jiaxing.path).total == 0
    assert titles(search(indexed, "何秀玲", honour="优秀共产党员")) == ["何秀玲"]
    assert search(indexed, "何秀玲", honour="五星党员").total == 0


def test_filters_through_the_selector_with_an_organisation_id(indexed):
    from cms.models import Organisation

    miyun = Organisation.objects.get(name="中共北京市密云区委员会")
    found = indexed.search(make_query(q="密云先锋", organisation=miyun.pk))
    assert "密云先锋" in titles(found)
    assert indexed.search(make_query(q="密云先锋", organisation=999999)).total == 0


def test_pagination(indexed):
    first = search(indexed, "先锋", per_page=2)
    second = search(indexed, "先锋", per_page=2, page=2)
    assert first.total == second.total > 2
    assert len(first.hits) == len(second.hits) == 2
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize("typed", ["何秀", "何", "hexiu", "hxl", "HX", "he xiu"])
def test_suggest_names_as_you_type(indexed, typed):
    suggestions = indexed.suggest(typed)
    assert suggestions and suggestions[0].title == "何秀玲"
    assert suggestions[0].url.startswith("/")


def test_suggest_brands_but_not_story_headlines(indexed):
    assert [s.title for s in indexed.suggest("密云")] == ["密云先锋"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_queries_return_a_plain_result(indexed, hostile):
    results = search(indexed, hostile)
    assert results.total == len(results.hits) or results.total > len(results.hits)
    for hit in results.hits:
        assert "<script>" not in hit.snippet
    assert isinstance(indexed.suggest(hostile), list)


def test_unpublish_and_delete_leave_the_index_through_the_outbox(
    indexed, django_capture_on_commit_callbacks
):
    from cms.models import ProfilePage
    from search.models import SearchOutbox
    from search.services import drain_outbox

    profile = ProfilePage.objects.get(title="何秀玲")
    with django_capture_on_commit_callbacks(execute=False):
        profile.unpublish()
    assert SearchOutbox.objects.filter(page_id=profile.pk, action="delete").exists()
    drain_outbox(indexed)
    refresh(indexed)
    assert "何秀玲" not in titles(search(indexed, "何秀玲"))
    assert SearchOutbox.objects.count() == 0


def test_rename_by_publishing_reindexes(indexed, django_capture_on_commit_callbacks):
    from cms.models import ProfilePage
    from search.services import drain_outbox

    profile = ProfilePage.objects.get(title="何秀玲")
    revision = profile.get_latest_revision_as_object()
    revision.title = "何秀玲（套里村）"
    revision.bio = revision.bio + "她还带头发展林下经济。"
    with django_capture_on_commit_callbacks(execute=False):
        revision.save_revision().publish()
    drain_outbox(indexed)
    refresh(indexed)
    assert titles(search(indexed, "林下经济")) == ["何秀玲（套里村）"]


def test_delete_removes_the_entry(indexed, django_capture_on_commit_callbacks):
    from cms.models import BrandPage
    from search.services import drain_outbox

    brand = BrandPage.objects.get(title="红色一刻钟")
    with django_capture_on_commit_callbacks(execute=False):
        brand.delete()
    drain_outbox(indexed)
    refresh(indexed)
    assert "红色一刻钟" not in titles(search(indexed, "红色一刻钟"))
