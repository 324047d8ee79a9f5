"""Numbers and text from a request (URL, query string, form) that the database can take.

str.isdigit() is true for "²" and "５": int("²") raises, and int("５") is 5, a different
pledge than the one the form showed. A number past the id column's range overflows the query
(a 500) instead of finding nothing, and PostgreSQL refuses NUL characters in any string.
"""

MAX_ID = 2**31 - 1  # int4: the smallest id column we look up (Wagtail's page ids)


def parse_id(value):
    """An id (1 to MAX_ID, ASCII digits), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 10):
            return None
        number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values, limit=100):
    """The ids among the first `limit` values, in order, without repeats."""
    return list(dict.fromkeys(i for i in map(parse_id, list(values)[:limit]) if i is not None))


def parse_page_number(value, maximum=10_000):
    """A page number from ?page= (ASCII digits), at most `maximum`; 1 otherwise."""
    text = str(value or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 10:
        return min(max(int(text), 1), maximum)
    return 1


def query_text(value):
    """Text from a query string or a form, without NUL characters and surrounding spaces."""
    return str(value or "").replace("\x00", "").strip()
