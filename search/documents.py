"""What gets indexed: a live, public page turned into a backend-neutral document, read from
what its page type declares. No page type is named here.

A page type is searchable when it names itself with `search_type` (e.g. "profile"). Its
Wagtail `search_fields` (which Wagtail's own index reads too) say what fills which slot of the
document with `slot=` (one name or a tuple; a SearchField without one goes to the body):

    title    the heading                   names    person names (pinyin, suggestions)
    meta     role, place, honours, tags    body     readable text, cut into snippets
    context  titles of related pages       mentions related pages whose sentences about
    region, organisation, date, honours    filters    this page's people join its body
    suggest  suggest-as-you-type inputs (normalised; a name also by its pinyin)

What a profile holds: the person (name, role, place, honours), what was written about them
(bio, deeds), and the sentences its stories say about them (naming them, going on with 他/她;
for an imported person that is all the site knows). Those sentences are its body text: they
are a part of the story's own text, and body text is not length normalised (BODY_B = 0), so a
profile can at most tie its story on the story's words, never outrank it; it comes first only
on what is its own (name, role, place). On equal evidence the page the words were written in
comes before the person's page that borrows them (search.backends.base.SOURCE_FIRST).

Values are taken the Wagtail way (a StreamField gives its blocks' get_searchable_content, rich
text its plain text, a method is called, RelatedFields are followed); a foreign key gives the
object (the organisation slot wants its name and tree path). A page in a value lends its title
only when it is live and public, so nothing of a private page reaches another document.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Model, Q
from django.utils.functional import Promise
from wagtail.fields import StreamField
from wagtail.search import index

from search import analysis

BODY_CHARS = 20000
MAX_MENTIONS = 12  # passages (sentences about the person, section headings) borrowed
SLOTS = frozenset(
    {"title", "names", "meta", "context", "body", "mentions", "region", "organisation", "date"}
    | {"honours", "suggest"}
)


@dataclass
class SearchDoc:
    page_id: int
    type: str
    title: str
    url: str
    region: str = ""
    organisation: str = ""
    org_path: str = ""
    honours: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # person names
    meta: str = ""  # role, organisation, region, honours, tags: short descriptive text
    context: str = ""  # titles of linked stories and brands: weak evidence of relevance
    body: str = ""  # the readable text (original script), also used for snippets
    # The sentences of related pages about this one, at the end of `body` (snippets and body
    # words), kept apart so the borrowing is known (source before borrower on equal evidence).
    mentions: str = ""
    date: str | None = None
    suggest: list[str] | None = None  # None: the names (the bench's synthetic documents)

    def analysed(self) -> dict:
        """Every token form both backends store, computed once per document."""
        cached = self.__dict__.get("_analysed")
        if cached is None:
            cached = self.__dict__["_analysed"] = self._analyse()
        return cached

    @property
    def person(self) -> bool:
        """A page about people (it names them): its text is mostly borrowed from the pages
        that tell of them, so on equal evidence it comes after those."""
        return bool(self.names)

    def own_body(self) -> str:
        """The body without the borrowed passages (mentions)."""
        if self.mentions and self.body.endswith(self.mentions):
            return self.body[: -len(self.mentions)].rstrip()
        return self.body

    def _analyse(self) -> dict:
        # Borrowed sentences (mentions) are body words: a subset of the story's words, so with
        # no body length normalisation they tie the story at most (see the module docstring).
        return {
            "title_exact": analysis.normalise(self.title).replace(" ", ""),
            "title_words": analysis.tokens(self.title),
            "title_bigrams": analysis.bigram_tokens(self.title),
            "meta_words": analysis.tokens(self.meta),
            "context_words": analysis.tokens(self.context),
            "body_words": analysis.tokens(self.body),
            "body_bigrams": analysis.bigram_tokens(self.body),
            "name_pinyin": analysis.name_tokens(self.names),
            "plain": analysis.normalise(" ".join([self.title, self.meta, self.body])),
        }

    def suggest_inputs(self) -> list[str]:
        """What typing in the search box matches: the declared inputs, and names also by their
        pinyin and initials."""
        inputs = []
        for text in self.names if self.suggest is None else self.suggest:
            inputs.append(analysis.normalise(text))
            if text in self.names:
                inputs.extend(f for f in analysis.pinyin_forms(text) if f)
        return [i for i in dict.fromkeys(inputs) if i]


# --- the searchable page types and their declarations ---------------------------------------


@cache
def searchable_models() -> dict:
    """Every page type that declares a `search_type`, by that name."""
    from wagtail.models import get_page_models

    found = {}
    for model in get_page_models():
        name = model.__dict__.get("search_type")  # its own: a subclass names itself
        if name and not model._meta.abstract:
            if name in found:
                raise ImproperlyConfigured(f"search_type {name!r} is declared twice")
            found[name] = model
    return found


def search_types() -> tuple[str, ...]:
    return tuple(searchable_models())


def page_type(page) -> str | None:
    """The search type of a page (specific or not), None when its type is not searchable."""
    model = page.specific_class if hasattr(page, "specific_class") else type(page)
    return getattr(model, "search_type", None) if model in searchable_models().values() else None


def _slots(declared) -> tuple[str, ...]:
    default = ("body",) if isinstance(declared, index.SearchField) else ()
    slots = declared.kwargs.get("slot", default)
    slots = (slots,) if isinstance(slots, str) else tuple(slots)
    unknown = set(slots) - SLOTS
    if unknown:
        raise ImproperlyConfigured(f"{declared!r}: unknown search document slot {unknown}")
    return slots


@cache
def declared_fields(model) -> tuple:
    """(RelatedFields or None, field, slots) for each declared field that fills a slot."""
    out = []
    for declared in model.get_search_fields():
        if isinstance(declared, index.RelatedFields):
            out += [(declared, inner, _slots(inner)) for inner in declared.fields if _slots(inner)]
        elif _slots(declared):
            out.append((None, declared, _slots(declared)))
    return tuple(out)


def declares(model, slot: str) -> bool:
    return any(slot in slots for _related, _field, slots in declared_fields(model))


def _flat(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, Promise):
        return [str(value)]
    if isinstance(value, (str, Model, datetime.date)):
        return [value]
    if hasattr(value, "all") and callable(value.all):  # a related manager
        value = value.all()
    if isinstance(value, dict):
        value = value.values()
    try:
        items = list(value)
    except TypeError:
        return [value]
    return [leaf for item in items for leaf in _flat(item)]


def _value(obj, declared) -> list:
    """A declared field's value, the Wagtail way, but a foreign key gives the object."""
    try:
        model_field = declared.get_field(type(obj))
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.many_to_one:
        return _flat(getattr(obj, declared.field_name))
    return _flat(declared.get_value(obj))


def slot_values(page, slot: str) -> list:
    """The values the page's declarations put into `slot`, in declaration order."""
    out = []
    for related, declared, slots in declared_fields(type(page)):
        if slot not in slots:
            continue
        if related is None:
            out += _value(page, declared)
        else:
            for obj in _flat(related.get_value(page)):
                out += _value(obj, declared)
    return out


def _texts(values, visible) -> list[str]:
    from wagtail.models import Page

    out = []
    for value in values:
        if isinstance(value, Page):
            value = value.title if visible(value) else ""
        text = value.isoformat() if isinstance(value, datetime.date) else str(value).strip()
        if text:
            out.append(text)
    return out


def passages(page, kinds=False) -> list:
    """The body text of a page block by block (each StreamField block one passage), for the
    pages it names; with `kinds`, (block type, text) pairs."""
    out = []
    for related, declared, slots in declared_fields(type(page)):
        if related is not None or "body" not in slots:
            continue
        try:
            model_field = declared.get_field(type(page))
        except FieldDoesNotExist:
            continue
        if not isinstance(model_field, StreamField):
            continue
        for block in getattr(page, declared.field_name):
            lines = block.block.get_searchable_content(block.value)
            text = "\n".join(line.strip() for line in lines if line and line.strip())
            if text:
                out.append((block.block_type, text) if kinds else text)
    return out


# A sentence, with its closing punctuation and quote marks.
_SENTENCE_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;…]*[”」』’\"]*")
# A sentence that goes on about the person named just before it has 他 or 她 in it (三年前，他…;
# not 他们, 其他).
_PRONOUN_RE = re.compile(r"(?<!其)[他她](?![们])")
# How a story may call a person by surname: 侯大爷 for 侯长顺 (within the stories they are in).
_ADDRESS_FORMS = ("大爷", "大妈", "大娘", "大叔", "大姐", "阿姨", "阿婆", "奶奶", "爷爷", "师傅")
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 夏侯 司徒 端木 西门 南宫".split()
)


def name_forms(name: str) -> list[str]:
    """The full name, and the surname with a form of address (何大妈)."""
    name = analysis.normalise(name).replace(" ", "")
    if len(name) < 2:
        return [name] if name else []
    surname = name[:2] if name[:2] in _COMPOUND_SURNAMES and len(name) > 2 else name[0]
    return [name] + [surname + form for form in _ADDRESS_FORMS]


def people_of(page) -> list[str]:
    """The names of the people a page links to (pages of a type with a `names` slot)."""
    from wagtail.models import Page

    found = []
    for value in slot_values(page, "context"):
        if isinstance(value, Page) and declares(type(value), "names"):
            found += [analysis.normalise(n) for n in _texts(slot_values(value, "names"), bool)]
    return found


def said_about(wanted: list[str], others: list[str], text: str) -> list[str]:
    """The sentences of one passage about the person: those naming them (`wanted` forms), the
    ones right after that go on about them (他/她), and the sentence right before a naming
    one when it names nobody else (it sets the scene: 党建扶贫，即… 对口帮扶的党员是王付友)."""
    sentences = _SENTENCE_RE.findall(text)
    plains = [analysis.normalise(s) for s in sentences]
    taken, following = set(), False
    for i, plain in enumerate(plains):
        if any(form in plain for form in wanted):
            taken.add(i)
            following = True
            if i and not any(other in plains[i - 1] for other in others):
                taken.add(i - 1)
        elif following and _PRONOUN_RE.search(plain):
            taken.add(i)
        else:
            following = False
    return [sentences[i].strip() for i in sorted(taken)]


def mentions(names: list[str], pages, limit=MAX_MENTIONS) -> list[str]:
    """What `pages` say about the people `names` (either script), as written: the sentences
    about them (said_about) and the heading of the section they are in. Sentences, not whole
    passages: a passage also tells of other people, whose deeds are not this page's."""
    wanted = [form for name in names for form in name_forms(name)]
    own = {analysis.normalise(n) for n in names}
    found = []
    for page in pages:
        page = page.specific
        others = [f for n in people_of(page) if n and n not in own for f in name_forms(n)]
        heading = None
        for kind, text in passages(page, kinds=True):
            if kind == "heading":
                heading = text
                continue
            said = "".join(said_about(wanted, others, text))
            if not said:
                continue
            if heading and heading not in found:
                found.append(heading)
            if said not in found:
                found.append(said)
            if len(found) >= limit:
                return found
    return found


def forget_declarations() -> None:
    """Read the page types' declarations again (tests that change them)."""
    for remembered in (searchable_models, declared_fields, page_links):
        remembered.cache_clear()


def private_paths() -> list[str]:
    """The restricted tree paths, read from the database: the drain may run in a worker whose
    cache has not yet seen a restriction change."""
    from cms.routing import restricted_paths

    return restricted_paths(fresh=True)


def build_doc(page, private=None) -> SearchDoc | None:
    """The document of a live, public page of a searchable type; None for anything else.

    `private`: the restricted paths (read once per batch). Nothing of a private page reaches
    the document of another page either (linked titles, mentions)."""
    from cms.routing import is_public

    page = page.specific
    kind = page_type(page)
    private = private_paths() if private is None else private
    if kind is None or not page.live or not is_public(page, private):
        return None

    def visible(other) -> bool:
        return other.live and is_public(other, private)

    def texts(slot):
        return _texts(slot_values(page, slot), visible)

    def first(slot):
        found = texts(slot)
        return found[0] if found else ""

    orgs = [o for o in slot_values(page, "organisation") if isinstance(o, Model)]
    doc = SearchDoc(
        page_id=page.pk,
        type=kind,
        title=first("title") or page.title,
        url=page.get_url() or page.url_path,
        region=first("region"),
        organisation=orgs[0].name if orgs else "",
        org_path=orgs[0].path if orgs else "",
        honours=list(dict.fromkeys(texts("honours"))),
        names=texts("names"),
        meta="\n".join(texts("meta")),
        context="\n".join(texts("context")),
        date=first("date") or None,
        suggest=texts("suggest"),
    )
    lenders = [p for p in slot_values(page, "mentions") if visible(p)]
    own = texts("body")
    said = mentions(doc.names or [doc.title], lenders) if lenders else []
    if said:
        # Text copied from those passages (an imported profile's bio is a sentence of its
        # story) is theirs, not the page's own; and a passage is not kept twice.
        lent = [analysis.normalise(text) for text in said]
        copied = [t for t in own if any(analysis.normalise(t) in passage for passage in lent)]
        own = [t for t in own if t not in copied]
        said = [t for t in said if analysis.normalise(t) not in analysis.normalise("\n".join(own))]
    doc.mentions = "\n".join(said)
    doc.body = "\n".join(own + said)
    return doc


# --- which pages: all of them, and those a change reaches -------------------------------------


def live_pages(private=None):
    """Every live, public page of a searchable type, specific, in a stable order."""
    from cms.routing import public

    private = private_paths() if private is None else private
    for model in searchable_models().values():
        pages = public(model.objects.live(), private).order_by("pk")
        if declares(model, "organisation"):
            pages = pages.select_related("organisation")
        yield from pages


def count_live_pages() -> int:
    from cms.routing import public

    private = private_paths()
    return sum(public(m.objects.live(), private).count() for m in searchable_models().values())


@cache
def page_links() -> tuple:
    """The models linking one searchable page to another (a story's people, a brand's
    stories): any model with two foreign keys to searchable page types, as their columns."""
    from django.apps import apps

    searchable = tuple(searchable_models().values())
    links = []
    for model in apps.get_models():
        ends = [
            f.attname
            for f in model._meta.fields
            if f.many_to_one and f.related_model is not None
            if issubclass(f.related_model, searchable)
        ]
        if len(ends) == 2:
            links.append((model, tuple(ends)))
    return tuple(links)


def pages_below(pages) -> list[int]:
    """Ids of the searchable pages at or below `pages`, and of the searchable pages linked to
    them either way (their documents show each other's titles and passages)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    below = Q()
    for page in pages:
        below |= Q(path__startswith=page.path)
    if not below:
        return []
    types = [ContentType.objects.get_for_model(m) for m in searchable_models().values()]
    ids = set(Page.objects.filter(below, content_type__in=types).values_list("pk", flat=True))
    linked = set()
    for link, ends in page_links():
        for one, other in (ends, ends[::-1]):
            linked.update(link.objects.filter(**{f"{one}__in": ids}).values_list(other, flat=True))
    return sorted(ids | linked)
