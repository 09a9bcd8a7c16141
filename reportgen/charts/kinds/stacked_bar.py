"""Stacked bar: horizontal bars of 100%, each split into shares; highlighted shares stand out.

`x:` names the segments and `series:` the bars (one bar per value; one bar when not given). With
`percent: true` the values are shares already: a bar may not pass 100, and what is left of 100 is
drawn as a light remainder (`Other`; `under 40%` when the shares are lower bounds like `over 60%`).
Without it, each bar's values are turned into shares of the bar's total.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs, Point
from reportgen.charts.common import fit_left_names, label_weight, width_px
from reportgen.charts.kind import ChartKind
from reportgen.charts.labels import remainder_text, wrap
from reportgen.charts.theme import Theme
from reportgen.wording import formats

HEDGE = {"over": True}  # a share given as `over 60%` leaves `under 40%`


def bars(data: ChartData) -> dict[str, list[Point]]:
    """Bar name -> its segments, each a share of 100, with the remainder appended where one is left."""
    out: dict[str, list[Point]] = {}
    for name in data.series_names():
        segments = [p for p in data.points if p.series == name and p.value is not None]
        total = sum(p.value for p in segments if p.value is not None)
        if not data.percent:
            segments = [Point(p.id, p.label, p.value / total * 100, formats.percent(p.value / total * 100, data.lang, 1),
                              series=p.series, highlight=p.highlight) for p in segments if p.value is not None]
        elif total < 99.5:
            hedged = any(HEDGE.get(p.qualifier) for p in segments)
            named = data.words.get("other", "") if any(p.label for p in segments) else ""
            segments.append(Point("", named, 100 - total, remainder_text(100 - total, data.lang, hedged), series=name))
        out[name] = segments
    return out


def check(data: ChartData) -> str | None:
    if not any(p.label for p in data.points) and not any(p.series for p in data.points):
        return "needs `x:` (the segments) or `series:` (one bar per value)"
    for name in data.series_names():
        values = [p.value for p in data.points if p.series == name and p.value is not None]
        if any(v < 0 for v in values):
            return f"bar {name or data.chart_id!r} has a negative share; a stacked bar needs values of 0 or more"
        if data.percent and sum(values) > 100.5:
            return f"the shares of bar {name or data.chart_id!r} add up to {sum(values):g}; with `percent: true` they may not pass 100"
        if not data.percent and sum(values) <= 0:
            return f"the values of bar {name or data.chart_id!r} add up to 0; nothing to split into shares"
    return None


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    groups = bars(data)
    single = len(groups) == 1
    height = 0.5 if single else 0.62
    ys = list(range(len(groups)))[::-1]
    ax.set_xlim(0, 100)
    ax.set_ylim(-1.3 if single else -0.6, 0.8 if single else len(groups) - 0.4)
    scale = ax.get_window_extent().width / 100  # pixels per percentage point
    greys = [theme.base, theme.series[2]]
    for y, segments in zip(ys, groups.values(), strict=True):
        left = 0.0
        for i, p in enumerate(segments):
            value = p.value or 0.0
            fill = theme.rest if not p.id else theme.highlight if p.highlight else greys[i % 2]
            ax.barh(y, value, left=left, height=height, color=fill, edgecolor="white", linewidth=2)
            ink = "white" if p.highlight else theme.ink
            centre = left + value / 2
            if single:
                _fit(ax, centre, y, [p.text], value * scale, ink, theme, bold=True, size=1.25)
                if p.label:
                    char_px = theme.font_size * ax.figure.dpi / 72 * (0.95 if data.lang == "ko" else 0.52)
                    chars = max(6, int(value * scale / char_px))
                    ax.text(centre, y - height / 2 - 0.1, wrap(p.label, data.lang, chars, lines=3), ha="center", va="top",
                            color=theme.ink if p.highlight else theme.grey, fontweight=label_weight(p.highlight))
            elif p.id or p.label:  # an unnamed remainder stays blank
                if not _fit(ax, centre, y, [f"{p.label} {p.text}".strip(), p.text], value * scale, ink, theme, bold=p.highlight):
                    ax.annotate(p.text, (left + value, y), xytext=(6, 0), textcoords="offset points", va="center",
                                color=theme.ink, fontweight="semibold" if p.highlight else "normal")
            left += value
    if single:
        ax.set_yticks([])
    else:
        ax.set_yticks(ys, [wrap(name, data.lang, lines=4) for name in groups])
        ax.tick_params(axis="y", length=0, pad=8, colors=theme.ink)
        fit_left_names(ax, ax.get_yticklabels(), theme)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.xaxis.set_visible(False)


def _fit(ax: Any, x: float, y: float, choices: list[str], room_px: float, ink: str, theme: Theme, bold: bool,
         size: float = 1.0) -> bool:
    """The first text that fits inside a segment, shrinking once; False when none fits."""
    for scale in (size, theme.small):
        for text in choices:
            artist = ax.text(x, y, text, ha="center", va="center", color=ink, fontsize=theme.font_size * scale,
                             fontweight="semibold" if bold else "normal")
            if width_px(ax, artist) + 8 <= room_px:
                return True
            artist.remove()
    return False


KIND = ChartKind(
    name="stacked_bar",
    draw=draw,
    needs=Needs(required=("y",), optional=("x", "series"), percent=True),
    check=check,
    left=lambda data: 0.06 if len(data.series_names()) == 1 else 0.2,
    summary="bars of 100% split into shares (one bar, or one per series), remainder shown",
)
