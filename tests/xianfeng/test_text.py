"""xianfeng.text: the stored form (invisibles removed) and the matching form search shares."""

import unicodedata

from search import analysis
from xianfeng.text import normal_form, squeeze, strip_invisible

FORMAT_CHARACTERS = (
    "\u200b\u200c\u200d\u200e\u200f\u00ad\u061c\u2060\u2061\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u180e"
    "\U000e0001\U000e0041"
)


def test_strip_invisible_removes_every_format_character_and_keeps_the_rest():
    assert strip_invisible(f"甲{FORMAT_CHARACTERS}乙") == "甲乙"
    # Every Cf character, whatever Unicode adds, not only a hand-made list.
    every_cf = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf")
    assert strip_invisible(every_cf) == ""
    # The member's script, case, line breaks and emoji stay as written.
    assert strip_invisible("賭博 ABC ａｂ\n第二行\t😀") == "賭博 ABC ａｂ\n第二行\t😀"
    assert strip_invisible("a\x00b\x7fc\u3164d") == "abcd"
    # A joiner inside an emoji sequence stays (one picture); anywhere else it goes.
    assert strip_invisible("👩\u200d🌾 赌\u200d博 a\u200d😀\u200d") == "👩\u200d🌾 赌博 a😀"


def test_normal_form_folds_script_width_case_and_invisibles():
    assert normal_form("賭\u200b博") == "赌博"
    assert normal_form("ＣＡＳＩＮＯ") == "casino"
    assert normal_form("Straße") == "strasse"
    assert normal_form("❤\ufe0f") == "❤"
    assert normal_form("") == ""


def test_squeeze_drops_spacing_punctuation_and_symbols():
    assert squeeze("赌 · 博！🎲 a-b 1") == "赌博ab1"


def test_search_uses_the_same_normal_form():
    text = "  賭\u00ad博\u202e ＨｅＸｉｕ\u200bＬｉｎｇ\u3000１２３ "
    assert analysis.normalise(text) == " ".join(normal_form(text).split()) == "赌博 hexiuling 123"
