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


def test_a_long_text_gives_the_same_snippet_from_its_opening_as_from_the_whole(monkeypatch):
    """Only the opening of a long story is scanned when a window there holds every term; a
    term found only further on still leads to the window holding both."""
    from search import highlight

    text = "他带领党员抗击台风。" + "群众路线走深走实。" * 400 + "台风过后，胞波卡发放到户。"
    text += "后记。" * 300
    cases = ["台风", "胞波卡", "台风 胞波卡", "群众"]
    lead_first = [snippet(text, AnalysedQuery(q)) for q in cases]
    monkeypatch.setattr(highlight, "LEAD_CHARS", 10**9)  # always the whole text
    assert lead_first == [snippet(text, AnalysedQuery(q)) for q in cases]
    assert "<mark>台风</mark>过后，<mark>胞波卡</mark>" in lead_first[2]
    assert lead_first[0].startswith("他带领党员抗击<mark>台风</mark>")
