"""A member's daily study home: the 今日学习 panel (home page and /me/), points for reading a
story on an honest clock, and the hooks that put both on cms pages (cms.page_extras)."""
