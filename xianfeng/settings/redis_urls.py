from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def redis_db_url(url, offset):
    """The same Redis server as `url`, one database number further on."""
    parts = urlsplit(url)
    current = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{current + offset}"))


def redis_url_with_timeouts(url, *, connect, read):
    """`url` with redis-py's socket timeouts as query parameters, unless it names its own."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("socket_connect_timeout", str(connect))
    query.setdefault("socket_timeout", str(read))
    return urlunsplit(parts._replace(query=urlencode(query)))
