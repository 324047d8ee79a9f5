"""民主评议 (the yearly review of members) and 评诺 (reviewing pledges)."""
