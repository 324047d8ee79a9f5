"""The sub-organisations compared (对表晒绩, 赛马) and their weekly trend as server-side SVG
charts (pygal, as the study record draws its charts): visible without JavaScript."""

import copy
import math

import pygal
from django.utils.translation import gettext as _

from learning.charts import STYLE

# The study record's style, with a second colour for the second series.
COMPARISON_STYLE = copy.copy(STYLE)
COMPARISON_STYLE.colors = ("#b3121f", "#d9a21b")


def comparison_chart(children) -> str:
    """Completion of assigned lectures and share of members on quota, per child, in percent."""
    chart = pygal.HorizontalBar(
        style=COMPARISON_STYLE,
        width=560,
        height=120 + 48 * max(1, len(children)),
        js=[],
        disable_xml_declaration=True,
        truncate_label=-1,
        range=(0, 100),
        print_values=True,
        margin=8,
        legend_at_bottom=True,
        title=_("Sub-organisations compared (%)"),
    )
    chart.x_labels = [child["organisation"]["name"] for child in children]
    chart.add(_("Assigned lectures completed"), [child["completion_percent"] for child in children])
    chart.add(_("Members on quota"), [child["on_quota_percent"] for child in children])
    return chart.render(is_unicode=True)


# Enough distinct colours for the children of one node; pygal repeats them past the end.
TREND_STYLE = copy.copy(STYLE)
TREND_STYLE.colors = (
    "#b3121f",
    "#d9a21b",
    "#1f5fa8",
    "#2e7d32",
    "#7b1fa2",
    "#e65100",
    "#00838f",
    "#5d4037",
)


def trend_chart(trend, *, key: str, title: str) -> str:
    """One line per child organisation over the weeks of a weekly_trend (comparison.py):
    `key` is "hours" or "lectures_completed"."""
    chart = pygal.Line(
        style=TREND_STYLE,
        width=640,
        height=340,
        js=[],
        disable_xml_declaration=True,
        truncate_label=-1,
        truncate_legend=-1,
        show_minor_x_labels=len(trend["weeks"]) <= 13,
        x_label_rotation=0,
        margin=8,
        legend_at_bottom=True,
        min_scale=4,
        max_scale=6,
        title=title,
    )
    chart.x_labels = [monday.strftime("%m-%d") for monday in trend["weeks"]]
    chart.x_labels_major = chart.x_labels[::4]
    if key == "lectures_completed":
        # Counts: whole numbers on the axis, not 0.2 of a lecture.
        top = max([1] + [week[key] for child in trend["children"] for week in child["weeks"]])
        step = max(1, math.ceil(top / 5))
        chart.y_labels = list(range(0, top + step, step))
    for child in trend["children"]:
        chart.add(child["organisation"]["name"], [week[key] for week in child["weeks"]])
    return chart.render(is_unicode=True)


def racing_chart(rows) -> str:
    """The public comparison (赛马): per child, the share of assigned lectures completed, of
    members on the pro-rated quota, and the average study hours against the average quota."""
    top = max([100] + [row["hours_against_quota_percent"] for row in rows])
    chart = pygal.HorizontalBar(
        style=TREND_STYLE,
        width=640,
        height=140 + 60 * max(1, len(rows)),
        js=[],
        disable_xml_declaration=True,
        truncate_label=-1,
        truncate_legend=-1,
        range=(0, top),
        print_values=True,
        margin=8,
        legend_at_bottom=True,
        title=_("Sub-organisations compared (%)"),
    )
    chart.x_labels = [row["organisation"]["name"] for row in rows]
    chart.add(_("Assigned lectures completed"), [row["completion_percent"] for row in rows])
    chart.add(_("Members on quota"), [row["on_quota_percent"] for row in rows])
    chart.add(
        _("Average study hours against quota"),
        [row["hours_against_quota_percent"] for row in rows],
    )
    return chart.render(is_unicode=True)
