"""Server-side SVG charts (pygal) for the study record; no JavaScript needed to view them."""

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

CJK_FONT = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f1f1f",
    foreground_strong="#1f1f1f",
    foreground_subtle="#595959",
    colors=("#b3121f",),
    font_family=CJK_FONT,
    label_font_family=CJK_FONT,
    major_label_font_family=CJK_FONT,
    title_font_family=CJK_FONT,
    value_font_family=CJK_FONT,
    legend_font_family=CJK_FONT,
    label_font_size=14,
    major_label_font_size=14,
    title_font_size=16,
)


def daily_minutes_chart(days):
    """A bar chart of credited study minutes per day, as an inline SVG string."""
    top = max([day["minutes"] for day in days] + [0])
    chart = pygal.Bar(
        style=STYLE,
        width=480,
        height=300,
        show_legend=False,
        js=[],
        disable_xml_declaration=True,
        x_label_rotation=0,
        show_minor_x_labels=False,
        truncate_label=-1,
        title=_("Study minutes per day (last 30 days)"),
        range=(0, max(10, top)),
        min_scale=4,
        max_scale=6,
        print_values=False,
        margin=8,
    )
    chart.x_labels = [day["date"].strftime("%m-%d") for day in days]
    chart.x_labels_major = [label for i, label in enumerate(chart.x_labels) if i % 7 == 0]
    chart.add(_("minutes"), [day["minutes"] for day in days])
    return chart.render(is_unicode=True)
