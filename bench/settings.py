"""Production settings for the benchmarks: the same, except that the write rate limits are
set far above what the load tool sends, so every request does its real work (a 429 costs
almost nothing and would flatter the figures) while the limiter's counting still runs."""

from xianfeng.settings.production import *  # noqa: F403
from xianfeng.settings.production import RATE_LIMITS

RATE_LIMITS = {scope: "1000000/minute" for scope in RATE_LIMITS}
