"""The production cache backend reuses one redis-py client and still behaves as Django's."""

import shutil
import socket
import subprocess
import time

import pytest

from xianfeng.redis_cache import SharedClientRedisCache


@pytest.fixture
def redis_url():
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_one_client_serves_every_operation():
    cache = SharedClientRedisCache("redis://127.0.0.1:6390/0", {})
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_reads_writes_and_deletes(redis_url):
    cache = SharedClientRedisCache(redis_url, {"KEY_PREFIX": "t"})
    cache.set("a", {"x": 1})
    assert cache.add("b", 2) and not cache.add("b", 3)
    assert cache.get("a") == {"x": 1}
    assert cache.get_many(["a", "b", "c"]) == {"a": {"x": 1}, "b": 2}
    cache.delete_many(["a", "b"])
    assert cache.get("a", "gone") == "gone"
