"""The branch secretaries' workspace (issue 14): what a secretary or committee member sees of
their organisation's subtree, at /branch/ and /api/branch/, exported and reminded.

Who sees what is decided in one place, `access.organisations_visible_to`; every page and
endpoint resolves its organisation through `access.organisation_for`.
"""
