"""The dev Elasticsearch node answers the calls our search backend will make."""

import subprocess
import sys
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

pytestmark = pytest.mark.elasticsearch
SMOKE = Path(__file__).resolve().parents[2] / "search" / "devnode" / "smoke_test.py"


def test_cluster_is_healthy_and_passes_the_client_product_check(elasticsearch_url):
    client = Elasticsearch(elasticsearch_url)
    assert client.ping()
    assert client.info()["version"]["number"].startswith("8.19.")
    assert client.cluster.health()["status"] in ("green", "yellow")


def test_whitespace_analyzer_keeps_pre_segmented_chinese_words(elasticsearch_url):
    client = Elasticsearch(elasticsearch_url)
    tokens = client.indices.analyze(
        body={"tokenizer": "whitespace", "filter": ["lowercase"], "text": "密云 先锋 HeXiuLing"}
    )["tokens"]
    assert [t["token"] for t in tokens] == ["密云", "先锋", "hexiuling"]


def test_smoke_suite_of_index_bulk_search_suggest_and_alias_switch(elasticsearch_url):
    result = subprocess.run(
        [sys.executable, str(SMOKE), elasticsearch_url], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout
