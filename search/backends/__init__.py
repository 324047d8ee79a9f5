"""Choose the search backend from settings: ELASTICSEARCH_URL set → Elasticsearch."""

from search import conf


def get_backend(name=None):
    name = name or conf.backend_name()
    if name == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend()
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()
