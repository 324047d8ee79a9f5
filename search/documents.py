"""What gets indexed: a page of a searchable type turned into a backend-neutral document."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import strip_tags

from search import analysis

# The page types visitors search, by the short name used in URLs, filters and the index.
TYPES = ("profile", "story", "brand")
BODY_CHARS = 20000
MAX_MENTIONS = 6  # the display text kept for snippets; analysis still sees all of it
SKIP_KEYS = {"id", "type", "kind", "url", "document", "image", "conferred_on", "alt_text"}


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
    names: list[str] = field(default_factory=list)  # person names (profiles only)
    meta: str = ""      # role, organisation, region, honours, tags: short descriptive text
    context: str = ""   # titles of linked stories and brands: weak evidence of relevance
    body: str = ""      # the readable text (original script), also used for snippets
    date: str | None = None

    def analysed(self) -> dict:
        """Every token form both backends store, computed once per document."""
        cached = self.__dict__.get("_analysed")
        if cached is None:
            cached = self.__dict__["_analysed"] = self._analyse()
        return cached

    def _analyse(self) -> dict:
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
        """Names as typed in the search box: the name, its pinyin and initials."""
        if self.type == "story":
            return []  # suggestions are for names: people and brands
        if self.type != "profile":
            return [analysis.normalise(self.title)] if self.title else []
        inputs = []
        for name in self.names:
            inputs.append(analysis.normalise(name))
            inputs.extend(f for f in analysis.pinyin_forms(name) if f)
        return [i for i in dict.fromkeys(inputs) if i]


def stream_text(value) -> str:
    """The readable strings of a StreamField value (rich text without tags)."""
    try:
        raw = value.get_prep_value()
    except AttributeError:
        raw = value
    out: list[str] = []

    def walk(node, key=None):
        if key in SKIP_KEYS:
            return
        if isinstance(node, str):
            text = strip_tags(node) if "<" in node else node
            if text.strip():
                out.append(text.strip())
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, k if k != "value" else key)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item, key)

    walk(raw)
    return "\n".join(out)


def honour_titles(profile) -> list[str]:
    titles = []
    for block in profile.honours.raw_data or []:
        title = (block.get("value") or {}).get("title")
        if title and title.strip() not in titles:
            titles.append(title.strip())
    return titles


def page_type(page) -> str | None:
    from cms.models import BrandPage, ProfilePage, StoryPage

    for model, name in ((ProfilePage, "profile"), (StoryPage, "story"), (BrandPage, "brand")):
        if isinstance(page, model):
            return name
    return None


def searchable_models():
    from cms.models import BrandPage, ProfilePage, StoryPage

    return {"profile": ProfilePage, "story": StoryPage, "brand": BrandPage}


def build_doc(page) -> SearchDoc | None:
    """The document of a live, public page of a searchable type; None for anything else."""
    page = page.specific
    kind = page_type(page)
    if kind is None or not page.live or page.get_view_restrictions().exists():
        return None
    org = page.organisation if page.organisation_id else None
    doc = SearchDoc(
        page_id=page.pk, type=kind, title=page.title, url=page.get_url() or page.url_path,
        region=page.region or "", organisation=org.name if org else "",
        org_path=org.path if org else "",
    )
    meta = [page.region or "", doc.organisation]
    context: list[str] = []
    if kind == "profile":
        doc.names = [page.title]
        doc.honours = honour_titles(page)
        meta += [page.role] + doc.honours
        stories = list(_linked_stories(page))
        # What the linked stories say about this person belongs to the profile's text.
        doc.body = "\n".join(filter(None, [page.role, page.bio, stream_text(page.deeds)]
                                     + mentions(page.title, stories)))
        context += [s.title for s in stories] + [b.title for b in _brands(profile=page)]
    elif kind == "story":
        doc.date = page.date.isoformat() if page.date else None
        meta += [page.source] + [t.name for t in page.tags.all()]
        doc.body = "\n".join(filter(None, [page.summary, stream_text(page.body)]))
        context += [p.profile.title for p in page.profile_links.select_related("profile")
                    if p.profile_id] + [b.title for b in _brands(story=page)]
    else:
        meta += [page.slogan]
        doc.body = "\n".join(filter(None, [
            page.slogan, strip_tags(page.meaning), stream_text(page.vehicle),
            stream_text(page.impact), strip_tags(page.impact_text)]))
        context += [p.profile.title for p in page.profile_links.select_related("profile")
                    if p.profile_id]
        context += [s.story.title for s in page.story_links.select_related("story")
                    if s.story_id]
    doc.meta = "\n".join(filter(None, meta))
    doc.context = "\n".join(filter(None, context))
    return doc


def _linked_stories(profile):
    from cms.models import StoryPage

    return StoryPage.objects.live().filter(profile_links__profile=profile).order_by("pk")


def mentions(name: str, stories, limit=MAX_MENTIONS) -> list[str]:
    """The paragraphs of `stories` that name the person (either script), as written."""
    name = analysis.normalise(name)
    found = []
    for story in stories:
        for block in story.body:
            if block.block_type not in ("paragraph", "quote"):
                continue
            text = stream_text([block.get_prep_value()]).strip()
            if name and name in analysis.normalise(text) and text not in found:
                found.append(text)
                if len(found) >= limit:
                    return found
    return found


def _brands(profile=None, story=None):
    from cms.models import BrandPage

    brands = BrandPage.objects.live()
    if profile is not None:
        brands = brands.filter(profile_links__profile=profile)
    if story is not None:
        brands = brands.filter(story_links__story=story)
    return brands.only("title")


def live_pages():
    """Every live page of a searchable type, specific, in a stable order."""
    for model in searchable_models().values():
        yield from model.objects.live().public().select_related("organisation").order_by("pk")


def count_live_pages() -> int:
    return sum(m.objects.live().public().count() for m in searchable_models().values())
