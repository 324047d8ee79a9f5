"""Ranking faults, one class each, on both backends: a profile made of its story's sentences
against that story, numbers joined by a symbol, pinyin with ü or v, and the two scripts."""

import importlib.util
from pathlib import Path

import opencc
import pytest

from search.backends.base import SearchQuery
from search.services import rebuild_index
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db
BENCH = Path(__file__).resolve().parents[2] / "bench" / "search_quality.py"


def bench():
    """bench/search_quality.py: the corpus loader and the graded corpus queries."""
    spec = importlib.util.spec_from_file_location("search_quality_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def keys_of(results, seed_of):
    return keys_of_hits(results.hits, seed_of)


def keys_of_hits(hits, seed_of):
    return [(h.type, seed_of.get(h.page_id, h.title)) for h in hits]


@pytest.fixture
def corpus(backend, demo_site):
    """Three corpus articles imported and published with their people, indexed."""
    seed_of = bench().load_corpus(log=lambda m: None, prefixes=("c01", "c06", "c09"))
    rebuild_index(backend)
    refresh(backend)
    return backend, seed_of


def search(backend, q):
    return backend.search(SearchQuery(q=q, per_page=10))


@pytest.mark.parametrize("query", ["共餐計畫", "便民服务点", "跑腿服务队"])
def test_a_story_ranks_above_the_profiles_cut_from_it(corpus, query):
    """共餐計畫 occurs only in the sentence about 廖淑芬: profile and story tie on it, and the
    story the sentence was written in comes first."""
    backend, seed_of = corpus
    keys = keys_of(search(backend, query), seed_of)
    story = next(k for k in keys if k[0] == "story")
    profiles = [k for k in keys if k[0] == "profile"]
    assert profiles, keys  # the people are found too
    assert keys.index(story) < keys.index(profiles[0]), keys


@pytest.mark.parametrize("name, story", [("邬建平", "c09"), ("廖淑芬", "c06"), ("范立群", "c01")])
def test_a_persons_name_finds_their_profile_first_and_their_story_next(corpus, name, story):
    backend, seed_of = corpus
    keys = keys_of(search(backend, name), seed_of)
    assert keys[0] == ("profile", name)
    assert ("story", story) in keys[:3]


def test_numbers_joined_by_a_symbol_match_as_one_phrase(backend, demo_site):
    from cms.models import StoryIndexPage, StoryPage
    from cms.services import ensure_child_page

    stories = StoryIndexPage.objects.get()
    # Only "1" and "10" apart: must not be found by "1+10".
    ensure_child_page(
        stories,
        StoryPage,
        "ten-villagers",
        title="十名村民的菜园",
        body=[("paragraph", "<p>1位党员带着10名村民种菜，1年收入翻番。</p>")],
    )
    rebuild_index(backend)
    refresh(backend)
    hits = search(backend, "1+10").hits
    assert hits and "1+10" in hits[0].body + hits[0].title
    assert "十名村民的菜园" not in [h.title for h in hits]
    assert all("1+10" in (h.body + h.title).replace("＋", "+") for h in hits)


@pytest.mark.parametrize("typed", ["lvchunyan", "lüchunyan", "Lü Chun Yan", "lǚ chūn yàn"])
def test_pinyin_with_u_umlaut_or_v_finds_the_person(backend, demo_site, typed):
    from cms.models import ProfileIndexPage, ProfilePage
    from cms.services import ensure_child_page

    ensure_child_page(
        ProfileIndexPage.objects.get(), ProfilePage, "lv-chunyan", title="吕春燕", role="网格员"
    )
    rebuild_index(backend)
    refresh(backend)
    assert [h.title for h in search(backend, typed).hits][:1] == ["吕春燕"]
    assert [s.title for s in backend.suggest(typed[:3])][:1] == ["吕春燕"]


def test_traditional_and_simplified_queries_give_the_same_top_ten(corpus):
    backend, seed_of = corpus
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    for item in bench().CORPUS_QUERIES:
        q = item["q"]
        top = keys_of(search(backend, q), seed_of)
        for other in {s2t.convert(q), t2s.convert(q)} - {q}:
            assert keys_of(search(backend, other), seed_of) == top, (q, other)


def test_a_profile_ties_its_story_at_most_on_the_storys_words(corpus):
    """Its sentences are a part of the story's text, and body text is not length normalised:
    on the words of those sentences alone the profile never scores above the story."""
    backend, seed_of = corpus
    for query in ("中药材", "共餐計畫", "便民服务点"):
        hits = search(backend, query).hits
        scores = {
            key: hit.score for key, hit in zip(keys_of_hits(hits, seed_of), hits, strict=True)
        }
        stories = [s for k, s in scores.items() if k[0] == "story"]
        profiles = [s for k, s in scores.items() if k[0] == "profile"]
        assert stories and profiles and max(profiles) <= max(stories), (query, scores)


def test_a_persons_role_and_deed_find_their_profile_above_the_story(corpus):
    """What is the profile's own (the role) puts it first when the story tells the deed: the
    story's many repetitions of the role's words do not count twice."""
    backend, seed_of = corpus
    keys = keys_of(search(backend, "党支部书记 便民服务点"), seed_of)
    assert keys[:2] == [("profile", "范立群"), ("story", "c01")], keys
