"""Server-rendered SVG charts for the pages (pygal), so a page needs no JavaScript.

Each chart is inline SVG with ``role="img"`` and a label; the page puts the same figures
in a table beside it for screen readers and for anyone who prefers numbers. pygal's
inline configuration script (only used by its optional tooltips) is stripped, so the
pages can forbid scripts altogether in their Content-Security-Policy.
"""

from __future__ import annotations

import math
import re
import sys
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import pygal
from markupsafe import Markup, escape
from pygal.style import Style

# pygal appends an old-style import hook (find_module, no find_spec) to sys.meta_path
# for its optional map plugins, which we do not use. Import machinery that asks every
# hook for find_spec (pytest's importlib mode, Python 3.12+) fails on it, so take it out.
sys.meta_path[:] = [
    finder for finder in sys.meta_path if not type(finder).__module__.startswith("pygal")
]

INK, MUTED, LINE, ACCENT, TARGET = "#1d2430", "#5b6575", "#d9dee6", "#005b7f", "#b35900"
NATIONAL = "#6a3d9a"

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground=INK,
    foreground_strong=INK,
    foreground_subtle=LINE,
    opacity="1",
    opacity_hover="1",
    colors=(ACCENT, TARGET, MUTED, NATIONAL),
    font_family="system-ui, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=14,
    value_font_size=12,
    no_data_font_size=14,
)

_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# pygal's own <title>Pygal</title>: a screen reader would read it; the label says it all.
_TITLE = re.compile(r"<title>.*?</title>", re.S)

Formatter = Callable[[float], str]


def nice_step(rough: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... at or above ``rough`` (at least 1)."""
    if rough <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(rough))
    return int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough))


def _common(width: int, height: int, no_data: str) -> dict[str, object]:
    return dict(
        js=[],
        disable_xml_declaration=True,
        style=STYLE,
        width=width,
        height=height,
        explicit_size=False,
        no_data_text=no_data,
        margin=8,
        spacing=8,
        legend_at_bottom=True,
        legend_box_size=10,
        truncate_legend=-1,
        truncate_label=-1,
    )


def _finish(chart: object, label: str) -> Markup:
    svg: str = chart.render(is_unicode=True)  # type: ignore[attr-defined]
    svg = _TITLE.sub("", _COMMENT.sub("", _SCRIPT.sub("", svg)))
    svg = svg.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1
    )
    # pygal escapes the text it writes (labels, values); the aria-label is escaped above.
    return Markup(svg)


# The trend charts drawn lately, by everything that goes into one (the formatter by its
# identity: pass the same function for the same unit and language to hit this). Drawing
# one with pygal costs about 10 ms of CPU and the overview has one per KPI, so a page
# drew every chart again on every view (issue 14: the overview at 160 participants took
# 250 ms, most of it pygal); a month's figures change only when events do.
TREND_CHARTS_KEPT = 512
_drawn: OrderedDict[Hashable, Markup] = OrderedDict()


def trend_chart(
    *,
    label: str,
    x_labels: Sequence[str],
    values: Sequence[float | None],
    series_label: str,
    formatter: Formatter,
    no_data: str,
    target: float | None = None,
    target_label: str = "",
    max_value: float | None = None,
    whole_numbers: bool = False,
    previous: Sequence[float | None] | None = None,
    previous_label: str = "",
    reference: float | None = None,
    reference_label: str = "",
) -> Markup:
    """:func:`draw_trend_chart`, or the same chart drawn before from the same figures."""
    arguments: dict[str, Any] = dict(
        label=label,
        x_labels=tuple(x_labels),
        values=tuple(values),
        series_label=series_label,
        formatter=formatter,
        no_data=no_data,
        target=target,
        target_label=target_label,
        max_value=max_value,
        whole_numbers=whole_numbers,
        previous=None if previous is None else tuple(previous),
        previous_label=previous_label,
        reference=reference,
        reference_label=reference_label,
    )
    key = tuple(arguments.items())
    found = _drawn.get(key)
    if found is not None:
        _drawn.move_to_end(key)
        return found
    chart = draw_trend_chart(**arguments)
    _drawn[key] = chart
    if len(_drawn) > TREND_CHARTS_KEPT:
        _drawn.popitem(last=False)
    return chart


def draw_trend_chart(
    *,
    label: str,
    x_labels: Sequence[str],
    values: Sequence[float | None],
    series_label: str,
    formatter: Formatter,
    no_data: str,
    target: float | None = None,
    target_label: str = "",
    max_value: float | None = None,
    whole_numbers: bool = False,
    previous: Sequence[float | None] | None = None,
    previous_label: str = "",
    reference: float | None = None,
    reference_label: str = "",
) -> Markup:
    """A line over months; ``None`` (a suppressed or empty month) leaves a gap.
    ``max_value`` fixes the scale (a share: 1.0); ``whole_numbers`` gives a scale of
    round whole numbers from 0 (counts, days). ``previous``: the same months a year
    before, a thin line; ``reference``: the national figure, a dotted line. The series
    come in this order: value, target, previous, reference (each only when given)."""
    y_labels: list[float] | None = None
    if max_value is not None:
        y_labels = [max_value * k / 4 for k in range(5)]
    elif whole_numbers:
        shown = [*values, *(previous or []), target, reference]
        highest = max((v for v in shown if v is not None), default=0)
        step = nice_step(highest / 4)
        y_labels = [step * k for k in range(math.ceil(highest / step) + 1 if highest else 2)]
        max_value = y_labels[-1]
    chart = pygal.Line(
        **_common(440, 260, no_data),
        allow_interruptions=True,
        show_legend=target is not None or previous is not None or reference is not None,
        show_minor_x_labels=False,
        x_labels_major_every=3,
        x_label_rotation=0,
        dots_size=4,
        stroke_style={"width": 3},
        value_formatter=lambda v: "" if v is None else formatter(v),
        range=(0, max_value) if max_value is not None else None,
        y_labels=y_labels,
        include_x_axis=True,
    )
    chart.x_labels = list(x_labels)
    if any(v is not None for v in values):
        chart.add(series_label, list(values))
        if target is not None:
            chart.add(
                target_label,
                [target] * len(values),
                show_dots=False,
                stroke_style={"dasharray": "6, 4", "width": 2},
            )
        if previous is not None:
            chart.add(previous_label, list(previous), dots_size=2, stroke_style={"width": 1.5})
        if reference is not None:
            chart.add(
                reference_label,
                [reference] * len(values),
                dots_size=1,
                stroke_style={"dasharray": "2, 3", "width": 2},
            )
    return _finish(chart, label)


def bar_chart(
    *,
    label: str,
    x_labels: Sequence[str],
    values: Sequence[int],
    series_label: str,
    no_data: str,
    label_every: int = 10,
) -> Markup:
    """Bars, one per x label (e.g. events applied per minute)."""
    chart = pygal.Bar(
        **_common(720, 220, no_data),
        show_legend=False,
        show_minor_x_labels=False,
        x_labels_major_every=label_every,
        x_label_rotation=0,
        include_x_axis=True,
        value_formatter=lambda v: f"{int(v)}",
    )
    chart.x_labels = list(x_labels)
    if any(values):
        chart.add(series_label, list(values))
    return _finish(chart, label)


# Distinct for the lines of several groups (everyone, women, men, other), each also told
# apart by its dots and dashes, not by colour alone.
CURVE_COLORS = (ACCENT, "#7a3e9d", "#2e7d32", MUTED)
CURVE_DASHES = (None, "10, 3", "2, 3", "12, 4, 2, 4")


def curves_chart(
    *,
    label: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    formatter: Formatter,
    no_data: str,
    targets: Sequence[tuple[str, float]] = (),
) -> Markup:
    """Several lines over the same points (e.g. the outcome curves per gender over the
    years since settlement) on a share's scale (0 to 1), with dashed target lines;
    ``None`` (a suppressed or empty point) leaves a gap."""
    shown = [(name, values) for name, values in series if any(v is not None for v in values)]
    # pygal colours the lines in the order they are added: the groups', then the targets'.
    colors = (*(CURVE_COLORS[i % len(CURVE_COLORS)] for i in range(len(shown))), TARGET, MUTED)
    common = {**_common(560, 300, no_data), "style": Style(**{**STYLE.to_dict(), "colors": colors})}
    chart = pygal.Line(
        **common,
        allow_interruptions=True,
        show_legend=True,
        x_label_rotation=0,
        dots_size=4,
        stroke_style={"width": 3},
        value_formatter=lambda v: "" if v is None else formatter(v),
        range=(0, 1),
        # Without a line pygal draws only the no-data text; fixed y labels would make it
        # fail (a town whose groups are all suppressed or not measured yet).
        **({"y_labels": [k / 4 for k in range(5)]} if shown else {}),
        include_x_axis=True,
    )
    chart.x_labels = list(x_labels)
    for index, (name, values) in enumerate(shown):
        dash = CURVE_DASHES[index % len(CURVE_DASHES)]
        style = {"width": 3, **({"dasharray": dash} if dash else {})}
        chart.add(name, list(values), stroke_style=style)
    if shown:
        for name, value in targets:
            chart.add(
                name,
                [value] * len(x_labels),
                show_dots=False,
                stroke_style={"dasharray": "6, 4", "width": 2},
            )
    return _finish(chart, label)
