"""The small interface both search backends implement, and the shapes they return."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.analysis import AnalysedQuery
from search.documents import SearchDoc, search_types

# Field weights, shared so both backends rank on the same principles: the title (a person's
# or brand's name, a story's headline) says most; descriptive metadata (role, place,
# honours) next; body text (a profile's includes the sentences its stories say about the
# person, search.documents); the titles of related pages are weaker evidence. Tuned on
# shared/eval and the corpus queries (bench/search_quality.py).
WEIGHTS = {"title": 6.0, "meta": 2.5, "body": 1.0, "context": 0.6, "pinyin": 8.0}
PHRASE_BOOST = {"title": 6.0, "body": 1.5}
# A title that is exactly the query (a person's or a brand's name) comes first.
EXACT_TITLE_BOOST = 10.0
# A page with every word of the query beats one that repeats a single word.
ALL_WORDS_BOOST = 2.0
# Length normalisation of BM25 body text: none (term frequency still saturates), so a long
# story that is about the query is not beaten by a short page that mentions it once.
BODY_B = 0.0
# On equal evidence the page the words were written in (a story, a brand) comes before a
# person's page, whose text is borrowed from it: a score this small only orders ties.
SOURCE_FIRST = 0.001


def private_pages():
    """The searchable pages visitors may not see (at or below a restricted page) as a
    queryset of ids, or None when no page is private. Results leave them out at once, from
    the restrictions routing uses, before the outbox has removed them from the index (or
    while the engine is down)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from cms.routing import private_q
    from search.documents import searchable_models

    private = private_q()
    if private is None:
        return None
    kinds = ContentType.objects.get_for_models(*searchable_models().values()).values()
    return Page.objects.filter(private, content_type__in=list(kinds)).values("pk")


def private_page_ids() -> set[int]:
    pages = private_pages()
    return set() if pages is None else {row["pk"] for row in pages}


@dataclass
class SearchQuery:
    q: str = ""
    types: tuple[str, ...] = ()
    region: str = ""
    org_path: str = ""
    honour: str = ""
    page: int = 1
    per_page: int = 10

    def __post_init__(self):
        self.analysed = AnalysedQuery(self.q)
        self.types = tuple(t for t in self.types if t in search_types())
        self.page = max(1, int(self.page or 1))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class SearchHit:
    page_id: int
    type: str
    title: str
    url: str
    score: float
    region: str = ""
    organisation: str = ""
    body: str = ""  # display text the snippet is cut from
    snippet: str = ""  # safe HTML with <mark>
    title_html: str = ""  # safe HTML with <mark>


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    backend: str = ""
    engine_ms: float | None = None  # time the search engine reported, when it does

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass
class Suggestion:
    page_id: int
    type: str
    title: str
    url: str


class SearchBackend:
    name = "base"

    def index(self, docs: list[SearchDoc]) -> None:
        raise NotImplementedError

    def delete(self, page_ids: list[int]) -> None:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        raise NotImplementedError

    def rebuild(self, docs, total: int, progress=None) -> int:
        """Replace the whole index with `docs` with no moment of empty results."""
        raise NotImplementedError

    def ping(self) -> bool:
        return True
