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


@pytest.mark.parametrize("query", ["1+10", "１＋１０", "“1+10”"])
def test_numbers_joined_by_a_symbol_are_one_term(query):
    q = AnalysedQuery(query)
    assert q.words == ["1+10"] and q.phrases == ["1+10"]
    # In a text the joined term is kept whole (so the phrase matches), and its numbers too
    # (so "2024" still finds 2024-11-08).
    text = analysis.tokens("在“1+10”机制中联系服务10名村民")
    assert "1+10" in text.split() and "10" in text.split()
    assert analysis.bigram_tokens("“1+10”党员").split() == ["1+10", "党员"]
    assert "2024" in analysis.tokens("2024-11-08").split()


def test_joined_numbers_inside_a_chinese_query_keep_both_phrases():
    q = AnalysedQuery("8·26山火")
    assert q.phrases == ["8·26", "山火"] and "8·26" in q.words and "山火" in q.words


@pytest.mark.parametrize(
    "typed",
    ["lvxiaohui", "lüxiaohui", "Lü Xiao Hui", "LǙ XIǍO HUĪ", "lu:xiaohui", "lu\u0308xiaohui"],
)
def test_pinyin_with_u_umlaut_or_v_is_the_indexed_form(typed):
    assert analysis.pinyin_forms("吕晓辉") == ("lvxiaohui", "lxh")
    assert AnalysedQuery(typed).pinyin == "lvxiaohui"
    assert analysis.suggest_key(typed[:3]).startswith("l")


def test_nv_and_nu_umlaut_agree():
    assert AnalysedQuery("nü").pinyin == AnalysedQuery("nv").pinyin == "nv"
    assert analysis.pinyin_forms("女")[0] == "nv"


def test_a_word_the_segmenter_guessed_is_also_matched_as_a_substring():
    # 安老院 is no dictionary word: a text may be cut 安老 + 院内, so bigrams must find it.
    assert AnalysedQuery("安老院").needs_substring_match("安老院")


def test_warm_up_loads_the_segmenter():
    analysis.warm_up()
    assert analysis._tokenizer.cache_info().currsize == 1


@pytest.mark.parametrize(
    "argv, environ, warm",
    [
        (["manage.py", "runserver"], {"RUN_MAIN": "true"}, True),
        (["manage.py", "runserver", "--noreload"], {}, True),
        (["manage.py", "runserver"], {}, False),  # the autoreloader's watching parent
        (["manage.py", "migrate"], {}, False),
        (["manage.py", "qcluster"], {}, False),  # its workers warm up when spawned
        (["/usr/bin/gunicorn", "xianfeng.wsgi"], {}, True),
        (["uvicorn", "xianfeng.asgi:application"], {}, True),
        (["pytest"], {}, False),
        (["manage.py", "migrate"], {"XF_SEARCH_WARM_UP": "on"}, True),
        (["gunicorn"], {"XF_SEARCH_WARM_UP": "off"}, False),
    ],
)
def test_only_processes_that_serve_searches_warm_up_at_start(argv, environ, warm):
    from search.apps import serves_searches

    assert serves_searches(argv, environ) is warm


@pytest.mark.django_db
def test_a_spawned_worker_loads_the_dictionary_before_its_first_task(demo_site):
    from django_q.signals import post_spawn

    from cms.models import ProfilePage
    from search import dictionary

    name = ProfilePage.objects.live().first().title
    dictionary._state.update(signature=None, checked=0.0)
    post_spawn.send(sender="django_q", proc_name="Process-1")
    assert dictionary._state["signature"] is not None
    assert name in analysis.user_words()
