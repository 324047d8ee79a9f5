"""The importer core is pure Python: these tests run without Django (`-p no:django`)."""
import pytest


@pytest.fixture(autouse=True)
def _isolated_caches():
    # Overrides the suite-wide autouse fixture that clears Django caches; nothing to clear here.
    yield
