"""Rows read from the database on demand that stand in for a queryset where the workspace
pages, the API and the exports take one: count() and len(), an index, plain slices (what
Django's Paginator takes), iteration and iterator(). Each slice reads only its own rows."""


class SliceableRows:
    """Subclasses give count(), rows(start, stop) (stop None: to the end; start < stop) and
    iterator(chunk_size)."""

    ordered = True  # Paginator warns about unordered object lists otherwise

    def count(self) -> int:
        raise NotImplementedError

    def __len__(self) -> int:
        return self.count()

    def rows(self, start: int, stop: int | None) -> list:
        raise NotImplementedError

    def iterator(self, chunk_size: int = 2000):
        raise NotImplementedError

    def __iter__(self):
        return self.iterator()

    def __getitem__(self, key):
        if isinstance(key, int):
            rows = self[key : key + 1]
            if not rows:
                raise IndexError(key)
            return rows[0]
        if key.step is not None or (key.start or 0) < 0 or (key.stop or 0) < 0:
            raise ValueError("these rows take plain slices only")
        start = key.start or 0
        if key.stop is not None and key.stop <= start:
            return []
        return self.rows(start, key.stop)
