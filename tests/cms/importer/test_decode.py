import pytest

from cms.importer.parse import ArticleError, decode_article, parse_article


def test_utf8_and_bom():
    assert decode_article("党员先锋".encode()) == "党员先锋"
    assert decode_article(b"\xef\xbb\xbf" + "党员".encode()) == "党员"


def test_gb18030():
    text = "密云先鋒特色黨建品牌，何秀玲是書記。"
    assert decode_article(text.encode("gb18030")) == text


@pytest.mark.parametrize(
    "raw, code, message",
    [
        (b"", "empty", "文件为空"),
        (b"   \n\n", "empty", "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary", "不是文本文件"),
        (b"x" * (2 * 1024 * 1024 + 1), "too_large", "文件过大（上限 2 MB）"),
        (
            "日本語のテキスト".encode("shift_jis") + b"\x80\xff\xfe",
            "encoding",
            "无法识别的编码（仅支持 UTF-8 与 GB18030）",
        ),
    ],
)
def test_errors(raw, code, message):
    with pytest.raises(ArticleError) as exc:
        decode_article(raw)
    assert exc.value.code == code
    assert exc.value.message == message
    assert str(exc.value) == message


def test_parse_article_accepts_bytes_in_either_encoding_with_same_hash():
    text = "標題\n何秀玲是套里村黨支部書記，也是遠近聞名的專家。"
    a = parse_article(text.encode("utf-8"))
    b = parse_article(text.encode("gb18030"))
    assert a.content_hash == b.content_hash


def test_empty_after_cleaning_is_an_error():
    with pytest.raises(ArticleError):
        parse_article("找回密码\n立即注册\n返回顶部")
