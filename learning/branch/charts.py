"""The sub-organisations compared (对表晒绩) as a server-side SVG bar chart."""

import copy

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
