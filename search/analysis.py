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
from functools import lru_cache

from xianfeng.text import normal_form, to_simplified  # noqa: F401 - highlight uses to_simplified

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
# A "chunk" is a run of CJK characters or of letters/digits; everything else separates chunks.
_CHUNK_RE = re.compile(f"[{CJK}]+|[a-z0-9]+(?:[.][0-9]+)?")
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


def user_words() -> frozenset[str]:
    return frozenset(_user_words)


def normalise(text: str) -> str:
    """xianfeng.text.normal_form (NFKC, invisibles removed, Simplified script, case-folded,
    as the sensitive-word screen matches), one space for any run of whitespace."""
    return " ".join(normal_form(text).split())


def chunks(text: str) -> list[str]:
    """CJK runs and alphanumeric runs of already normalised text."""
    return _CHUNK_RE.findall(text)


def words(text: str) -> list[str]:
    """jieba search-mode tokens of normalised text (single CJK stop characters dropped)."""
    tokenizer = _tokenizer()
    out = []
    for chunk in chunks(text):
        if not _CJK_RE.match(chunk):
            out.append(chunk)
            continue
        for token in tokenizer.cut_for_search(chunk, HMM=True):
            token = token.strip()
            if not token or (len(token) == 1 and token in STOP_CHARS):
                continue
            out.append(token)
    return out


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of each CJK run (a lone character stays itself)."""
    out = []
    for chunk in chunks(text):
        if not _CJK_RE.match(chunk):
            out.append(chunk)
        elif len(chunk) == 1:
            out.append(chunk)
        else:
            out.extend(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return out


@lru_cache(maxsize=4096)
def pinyin_forms(name: str) -> tuple[str, str]:
    """('hexiuling', 'hxl') for 何秀玲; ('', '') when the name has no Chinese characters."""
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
        # The CJK runs, for exact-substring (phrase) matching.
        self.phrases = [c for c in self.chunks if _CJK_RE.match(c)]
        all_words = []
        for token in words(self.text):
            if token not in all_words:
                all_words.append(token)
        multi = [w for w in all_words if len(w) > 1]
        # Single characters only count when the query offers nothing longer (e.g. "卡").
        self.words = multi or all_words
        self.bigrams = bigrams(" ".join(self.phrases))
        letters = "".join(ch for ch in self.text if "a" <= ch <= "z")
        # A query of Latin letters only may be a name typed in pinyin ("he xiu ling").
        self.pinyin = letters if letters and _ASCII_WORDS_RE.match(self.text) else ""

    def needs_substring_match(self, phrase: str) -> bool:
        """True when the query's words leave characters of `phrase` uncovered (the segmenter
        split off single characters, e.g. 胞波卡 → 胞波 + 卡): then only a substring match on
        bigrams finds the text reliably."""
        covered = [False] * len(phrase)
        for word in self.words:
            if len(word) < 2:
                continue
            start = phrase.find(word)
            while start != -1:
                covered[start : start + len(word)] = [True] * len(word)
                start = phrase.find(word, start + 1)
        return not all(covered)

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


def suggest_key(text: str) -> str:
    """A prefix as typed in the search box, normalised for suggestion lookups."""
    text = normalise((text or "")[:50])
    return text.replace(" ", "") if _ASCII_WORDS_RE.match(text or "-") else text
