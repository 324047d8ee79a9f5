"""The /search/ page, the header box and /api/search/ (database backend; same selectors)."""

import pytest

from tests.search.conftest import add_traditional_story

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "x" * 1000,
    "！！？？",
    "*",
    "title:(",
    "密云 AND (",
    "\\",
    "%",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
]


@pytest.fixture
def site(settings, demo_site):
    """The demo site with a Traditional-script story, on the database backend."""
    from cms.models import Organisation, StoryIndexPage
    from search.backends.database import DatabaseBackend
    from search.services import rebuild_index

    settings.SEARCH_BACKEND = "database"
    add_traditional_story(
        StoryIndexPage.objects.get(), Organisation.objects.get(name="中共北京市密云区委员会")
    )
    rebuild_index(DatabaseBackend())
    return demo_site


def test_search_page_finds_traditional_text_with_highlights(site, client):
    response = client.get("/search/", {"q": "密云先锋"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>密雲先鋒</mark>在行動" in html  # the title as written, match marked
    assert 'href="/' in html


def test_search_page_filters_and_paginates(site, client, monkeypatch):
    monkeypatch.setattr("search.conf.PER_PAGE", 2)
    html = client.get("/search/", {"q": "先锋", "type": "brand"}).content.decode()
    assert "hit-brand" in html and "hit-story" not in html and "hit-profile" not in html
    paged = client.get("/search/", {"q": "先锋"}).content.decode()
    assert 'rel="next"' in paged
    page2 = client.get("/search/", {"q": "先锋", "page": 2}).content.decode()
    assert 'rel="prev"' in page2 and "第 2 页" in page2.replace("第2页", "第 2 页")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_queries_get_a_clear_answer_never_a_500(site, client, hostile):
    response = client.get("/search/", {"q": hostile})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    api = client.get("/api/search/", {"q": hostile})
    assert api.status_code == 200
    assert api.json()["results"] == [] or hostile in ("title:(", "密云 AND (")
    assert client.get("/api/search/suggest/", {"q": hostile}).status_code == 200


def test_too_long_and_empty_queries_say_why_in_chinese(site, client):
    long = client.get("/api/search/", {"q": "先锋" * 500}).json()
    assert long["results"] == [] and "200" in long["message"]
    assert "太长" in long["message"]
    empty = client.get("/api/search/", {"q": "？？"}).json()
    assert empty["results"] == [] and empty["message"]
    page = client.get("/search/", {"q": "先锋" * 500}).content.decode()
    assert "太长" in page


def test_invalid_filters_are_rejected_clearly(site, client):
    api = client.get("/api/search/", {"q": "先锋", "type": "nonsense", "page": "x"})
    assert api.status_code == 400
    assert api.json()["code"] == "invalid" and api.json()["detail"]
    assert set(api.json()["errors"]) == {"type", "page"}
    page = client.get("/search/", {"q": "先锋", "org": "abc"})
    assert page.status_code == 200 and "search-message" in page.content.decode()


def test_api_search_and_suggest(site, client):
    body = client.get("/api/search/", {"q": "hexiuling"}).json()
    assert body["count"] >= 1 and body["results"][0]["title"] == "何秀玲"
    assert body["results"][0]["type"] == "profile"
    suggestions = client.get("/api/search/suggest/", {"q": "hxl"}).json()
    assert suggestions[0]["title"] == "何秀玲" and suggestions[0]["url"].startswith("/")
    nothing = client.get("/api/search/", {"q": "何秀珍"}).json()
    assert nothing["count"] == 0 and nothing["did_you_mean"] == "何秀玲"


def test_did_you_mean_for_zero_results(site, client):
    html = client.get("/search/", {"q": "何秀珍"}).content.decode()
    assert "did-you-mean" in html and "?q=%E4%BD%95%E7%A7%80%E7%8E%B2" in html  # 何秀玲


def test_search_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/search/" in schema and "/api/search/suggest/" in schema


def test_engine_down_gives_a_503_page_not_a_500(demo_site, client, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    response = client.get("/search/", {"q": "密云先锋"})
    assert response.status_code == 503
    assert "search-message" in response.content.decode()
    down = client.get("/api/search/", {"q": "密云"})
    assert down.status_code == 503 and down.json()["code"] == "search_unavailable"
    assert "稍后" in down.json()["detail"] or "一分钟" in down.json()["detail"]
    assert client.get("/api/search/suggest/", {"q": "密云"}).json() == []


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "密云", "org": "9" * 30}, "org"),  # past the database's range: was a 500
        ({"q": "密云", "org": "²"}, "org"),  # a Unicode digit int() refuses
        ({"q": "密云\x00"}, "q"),  # NUL: PostgreSQL refuses it in a query
        ({"q": "密云", "region": "北京\x00"}, "region"),
    ],
)
def test_crafted_filters_are_a_400_with_the_field_named(site, client, params, field):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_nul_in_a_suggestion_prefix_is_a_400_not_a_500(site, client):
    response = client.get("/api/search/suggest/", {"q": "何\x00"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["q"]


def test_the_schema_states_the_search_filters_constraints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]
    }
    assert parameters["org"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert parameters["page"]["minimum"] == 1
    assert parameters["region"]["maxLength"] == 80
    # Empty is stated too: an optional filter sent empty means no filter (schema fuzzing
    # found `?type=` answered 200 while the schema called it invalid).
    assert parameters["type"]["enum"] == ["profile", "story", "brand", ""]
    responses = schema["paths"]["/api/search/"]["get"]["responses"]
    assert responses["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "503" in responses


def test_header_search_box_is_a_plain_get_form_on_every_page(demo_site, client):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html
    assert "search/suggest.js" in html
