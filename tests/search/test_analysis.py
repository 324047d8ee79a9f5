"""The one text-analysis module: scripts, segmentation, names, pinyin and debris."""

import pytest

from search import analysis
from search.analysis import AnalysedQuery


def test_traditional_and_simplified_analyse_to_the_same_tokens():
    assert analysis.tokens("密雲先鋒行動") == analysis.tokens("密云先锋行动")
    assert analysis.bigram_tokens("呂曉輝") == analysis.bigram_tokens("吕晓辉") == "吕晓 晓辉"


def test_nfkc_folds_full_width_letters_digits_and_spaces():
    assert analysis.normalise("ＨｅＸｉｕＬｉｎｇ\u3000１２３") == "hexiuling 123"


def test_words_are_segmented_in_search_mode_with_the_longer_word_kept():
    words = analysis.words(analysis.normalise("党支部书记"))
    assert "党支部" in words and "书记" in words and "支部" in words


def test_user_dictionary_keeps_a_new_name_whole():
    name = "滕翠珏"  # not a dictionary word; jieba would split it otherwise
    analysis.add_user_words([name])
    assert name in analysis.words(analysis.normalise(f"村民都说{name}好"))
    assert analysis.add_user_words([name]) == 0  # already known


def test_pinyin_forms_of_person_names_only():
    assert analysis.pinyin_forms("何秀玲") == ("hexiuling", "hxl")
    assert analysis.pinyin_forms("呂曉輝") == analysis.pinyin_forms("吕晓辉")
    assert analysis.name_tokens(["何秀玲", "任连东"]) == "hexiuling hxl renliandong rld"
    # Free text carries no pinyin: "miyun" must not find 密云 by accident.
    assert "miyun" not in analysis.tokens("密云先锋")


def test_query_forms():
    q = AnalysedQuery("黨支部書記 颱風")
    assert q.text == "党支部书记 台风"
    assert q.phrases == ["党支部书记", "台风"]
    assert "台风" in q.words and "书记" in q.words
    assert AnalysedQuery("He Xiu Ling").pinyin == "hexiuling"
    assert AnalysedQuery("何秀玲").pinyin == ""


@pytest.mark.parametrize(
    "debris", ["", "   ", "！？。，", "*", "(((", "\\", '"', "\x00\x01", "🙂🙂"]
)
def test_debris_queries_have_nothing_to_search(debris):
    assert AnalysedQuery(debris).is_empty


def test_lucene_syntax_is_just_words():
    q = AnalysedQuery('title:(密云 OR "先锋") AND *')
    assert "密云" in q.words and "先锋" in q.words
    assert all(ch not in "".join(q.words) for ch in ':()"*')


def test_a_very_long_query_is_cut_to_a_bounded_size():
    q = AnalysedQuery("先锋" * 500)
    assert len(q.text) == analysis.MAX_QUERY_CHARS


def test_single_stop_characters_are_not_search_words():
    assert analysis.words("的") == []
    assert AnalysedQuery("卡").words == ["卡"]  # a lone meaningful character stays


def test_suggest_key_joins_spaced_pinyin():
    assert analysis.suggest_key("He Xiu") == "hexiu"
    assert analysis.suggest_key("何秀") == "何秀"


def test_substring_matching_is_needed_only_where_words_leave_gaps():
    assert AnalysedQuery("胞波卡").needs_substring_match("胞波卡")  # 卡 is split off
    assert not AnalysedQuery("党支部书记").needs_substring_match("党支部书记")
