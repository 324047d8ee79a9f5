"""Chinese text analysis shared by indexing, queries and both search backends.

Pipeline: Unicode NFKC → Traditional → Simplified (OpenCC t2s, before segmentation so both
scripts segment alike) → lower case → jieba search-mode words, plus character bigrams for
exact substrings. Person names also get pinyin forms (full and initials), kept in their own
field so pinyin never drowns word matches. Every form is a space-separated token string,
which is what the Elasticsearch whitespace analyzer and the database token columns expect.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from xianfeng.text import normal_form, to_simplified  # noqa: F401 - highlight uses to_simplified

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
# Numbers joined by a symbol are one term ("1+10" 联系群众机制, the "8·26" fire, 3/4, 2024-11-08):
# taken apart, "1+10" would be "1" and "10", found in any text with a ten in it.
_JOINED = r"[0-9]+(?:[+\-·•‧・/:×*~][0-9]+)+"
_JOINED_RE = re.compile(f"^{_JOINED}$")
# A "chunk" is a run of CJK characters, joined numbers or a run of letters/digits; everything
# else separates chunks.
_CHUNK_RE = re.compile(f"[{CJK}]+|{_JOINED}|[a-z0-9]+(?:[.][0-9]+)?")
_PARTS_RE = re.compile(r"[0-9]+")
_ASCII_WORDS_RE = re.compile(r"^[a-z\s'’]+$")
# Function characters that carry no meaning as a search term on their own.
STOP_CHARS = set("的了和与及或在是也就都而之其这那有为以于把被对从向着个一")
MAX_QUERY_CHARS = 200  # longer queries are cut: nobody types more, and it bounds the cost

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _tokenizer():
    """A private jieba tokenizer: our user words never leak into the importer's global one."""
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


_user_words: set[str] = set()


def add_user_words(words) -> int:
    """Teach the segmenter names (profiles, brands, organisations); returns how many are new."""
    tokenizer = _tokenizer()
    added = 0
    with _lock:
        for word in words:
            word = normalise(word).replace(" ", "")
            if len(word) < 2 or word in _user_words or not _CJK_RE.search(word):
                continue
            # A frequency above any dictionary entry keeps the name whole.
            tokenizer.add_word(word, freq=200000)
            _user_words.add(word)
            added += 1
    return added


def _known_word(word: str) -> bool:
    """A word of jieba's dictionary or of ours (not one its HMM guessed)."""
    return word in _user_words or _tokenizer().FREQ.get(word, 0) > 0


def user_words() -> frozenset[str]:
    return frozenset(_user_words)


def normalise(text: str) -> str:
    """xianfeng.text.normal_form (NFKC, invisibles removed, Simplified script, case-folded,
    as the sensitive-word screen matches), one space for any run of whitespace."""
    return " ".join(normal_form(text).split())


def chunks(text: str) -> list[str]:
    """CJK runs and alphanumeric runs of already normalised text."""
    return _CHUNK_RE.findall(text)


def words(text: str, parts: bool = True) -> list[str]:
    """jieba search-mode tokens of normalised text (single CJK stop characters dropped).

    Joined numbers ("1+10") are one word; with `parts` (indexing) their numbers follow too, so
    a query for "2024" still finds "2024-11-08". A query keeps the joined word alone."""
    tokenizer = _tokenizer()
    out = []
    for chunk in chunks(text):
        if not _CJK_RE.match(chunk):
            out.append(chunk)
            if parts and _JOINED_RE.match(chunk):
                out.extend(_PARTS_RE.findall(chunk))
            continue
        for token in tokenizer.cut_for_search(chunk, HMM=True):
            token = token.strip()
            if not token or (len(token) == 1 and token in STOP_CHARS):
                continue
            out.append(token)
    return out


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of each CJK run (a lone character stays itself); other
    chunks (joined numbers whole) are one token each, so phrases keep their positions."""
    out = []
    for chunk in chunks(text):
        if not _CJK_RE.match(chunk):
            out.append(chunk)
        elif len(chunk) == 1:
            out.append(chunk)
        else:
            out.extend(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return out


def fold_pinyin(text: str) -> str:
    """Pinyin as typed → as indexed: ü (and u:, ǖǘǚǜ) → v, tone marks dropped: lǚ → lv."""
    text = unicodedata.normalize("NFD", text.replace("u:", "v"))
    text = text.replace("u\u0308", "v").replace("U\u0308", "V")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def pinyin_forms(name: str) -> tuple[str, str]:
    """('hexiuling', 'hxl') for 何秀玲; ('', '') when the name has no Chinese characters. ü is
    written v, as pinyin keyboards type it (吕 → lv); queries are folded the same way."""
    from pypinyin import Style, lazy_pinyin

    name = "".join(_CJK_RE.findall(normalise(name)))
    if not name:
        return "", ""
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def tokens(text: str) -> str:
    """The word form of free text, as a space-separated token string."""
    return " ".join(words(normalise(text)))


def bigram_tokens(text: str) -> str:
    return " ".join(bigrams(normalise(text)))


def name_tokens(names) -> str:
    """Pinyin forms (full and initials) of person names, space-separated."""
    out = []
    for name in names:
        full, initials = pinyin_forms(name)
        if full:
            out.extend([full, initials])
    return " ".join(out)


class AnalysedQuery:
    """What a visitor typed, in every form the backends match on."""

    def __init__(self, raw: str):
        raw = (raw or "")[:MAX_QUERY_CHARS]
        self.raw = raw
        self.text = normalise(raw)
        self.chunks = chunks(self.text)
        # The CJK runs and joined numbers, for exact-substring (phrase) matching.
        self.phrases = [c for c in self.chunks if _CJK_RE.match(c) or _JOINED_RE.match(c)]
        all_words = []
        for token in words(self.text, parts=False):
            if token not in all_words:
                all_words.append(token)
        multi = [w for w in all_words if len(w) > 1]
        # Single characters only count when the query offers nothing longer (e.g. "卡").
        self.words = multi or all_words
        self.bigrams = bigrams(" ".join(self.phrases))
        latin = fold_pinyin(self.text)
        letters = "".join(ch for ch in latin if "a" <= ch <= "z")
        # A query of Latin letters only may be a name typed in pinyin ("he xiu ling", "lü").
        self.pinyin = letters if letters and _ASCII_WORDS_RE.match(latin) else ""

    def needs_substring_match(self, phrase: str) -> bool:
        """True when the query's words may not find `phrase` as a text segments it: the
        segmenter split off single characters (胞波卡 → 胞波 + 卡), or a word is one it guessed
        rather than knew (安老院: a text may read 安老 + 院内). Then only a substring match on
        bigrams finds the text reliably."""
        covered = [False] * len(phrase)
        guessed = False
        for word in self.words:
            if len(word) < 2:
                continue
            start = phrase.find(word)
            if start != -1 and not _known_word(word):
                guessed = True
            while start != -1:
                covered[start : start + len(word)] = [True] * len(word)
                start = phrase.find(word, start + 1)
        return guessed or not all(covered)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.pinyin)

    def highlight_terms(self) -> list[str]:
        """Terms to mark in snippets, longest first so a phrase wins over its parts."""
        terms = self.__dict__.get("_highlight_terms")
        if terms is None:  # once per query, not once per snippet (two per hit)
            terms = set(self.phrases) | {w for w in self.words if _CJK_RE.search(w) or len(w) > 1}
            terms = self._highlight_terms = sorted(terms, key=len, reverse=True)
        return terms


def warm_up() -> None:
    """Load jieba's dictionary, OpenCC and pypinyin now rather than in the first search."""
    AnalysedQuery("密雲先鋒 1+10 lü").highlight_terms()
    tokens("党员先锋岗")
    name_tokens(["何秀玲"])


def suggest_key(text: str) -> str:
    """A prefix as typed in the search box, normalised for suggestion lookups."""
    text = normalise((text or "")[:50])
    latin = fold_pinyin(text)
    return latin.replace(" ", "") if _ASCII_WORDS_RE.match(latin or "-") else text
