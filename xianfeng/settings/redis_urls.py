from urllib.parse import urlsplit, urlunsplit


def redis_db_url(url, offset):
    """The same Redis server as `url`, one database number further on."""
    parts = urlsplit(url)
    current = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{current + offset}"))
