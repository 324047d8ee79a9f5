"""The sensitive-word screen over member-written text (pledges, progress, outcome notes).

Words match in xianfeng.text's normal form — the one search uses — so Traditional characters,
full-width letters, zero-width characters, soft hyphens and upper case hide nothing, and also
with the spaces, punctuation or emoji someone puts between a word's characters squeezed out.
What is stored is the member's own text minus invisible characters (`member_text`).
"""

from cms.models import SensitiveWord
from xianfeng.text import normal_form, squeeze, strip_invisible


def member_text(value) -> str:
    """What we store of a text a member wrote: their characters, script and case, without
    invisible and format characters (zero-width, soft hyphen, bidi overrides and isolates)
    and without surrounding whitespace."""
    return strip_invisible(value or "").strip()


def find_sensitive_words(text) -> list[str]:
    """Words of the editors' list found in text (as the editors wrote them)."""
    plain = normal_form(text)
    squeezed = squeeze(plain)
    found = []
    for word in SensitiveWord.objects.values_list("word", flat=True):
        normal = normal_form(word)
        # A "word" of only spaces or punctuation squeezes to "", found in every text.
        bare = squeeze(normal)
        if bare and (normal in plain or bare in squeezed):
            found.append(word)
    return found
