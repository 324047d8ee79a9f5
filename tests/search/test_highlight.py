"""Snippets mark matches in the text as written, whatever the script of the query."""

from search.analysis import AnalysedQuery
from search.highlight import snippet


def test_marks_traditional_text_for_a_simplified_query():
    html = snippet("北京密云打造“密云先鋒”特色黨建品牌", AnalysedQuery("密云先锋"))
    assert "<mark>密云先鋒</mark>" in html
    assert "黨建品牌" in html  # the original script is kept


def test_escapes_the_text_and_cuts_a_window_around_the_match():
    text = "<b>不相关</b>" + "前文" * 100 + "胞波卡发放" + "后文" * 100
    html = snippet(text, AnalysedQuery("胞波卡"))
    assert "<mark>胞波卡</mark>" in html
    assert "<b>" not in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 140


def test_no_match_gives_the_opening_of_the_text():
    assert snippet("一名先锋一盏灯", AnalysedQuery("台风")) == "一名先锋一盏灯"
