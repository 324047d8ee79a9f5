"""Pure-Python core of the article importer (no Django).

Entry points live in :mod:`cms.importer.parse`: ``parse_article`` and ``decode_article``.
"""
