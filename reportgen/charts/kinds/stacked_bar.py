"""Stacked bar: horizontal bars of 100%, each split into shares; highlighted shares stand out.

`x:` names the segments and `series:` the bars (one bar per value; one bar when not given). With
`percent: true` the values are shares already: a bar may not pass 100, and what is left of 100 is
drawn as a light remainder (`Other`; `under 40%` when the shares are lower bounds like `over 60%`).
Without it, each bar's values are turned into shares of the bar's total.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs, Point
from reportgen.charts.common import fit_left_names, height_px, label_weight, spread, tag, width_px
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
                              series=p.series, highlight=p.highlight, colour=p.colour) for p in segments if p.value is not None]
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


SEGMENT_COLOURS = ("#1F4E79", "#9FB1C6", "#5B6675", "#D5DCE4", "#2E75B6", "#7F8C9B", "#C9D1DB", "#3E5C76")  # neighbours contrast


def segment_colours(data: ChartData, groups: dict[str, list[Point]], theme: Theme) -> dict[str, str]:
    """One colour per segment name, the same in every bar: the spec's `colors:` and `palette:`, the highlight for
    highlighted segments, else blues and greys that differ from their neighbours."""
    names = list(dict.fromkeys(p.label for segments in groups.values() for p in segments if p.id))
    given = {p.label: p.colour for p in data.points if p.colour}
    marked = {p.label for p in data.points if p.highlight}
    colours = data.palette or theme.segments or SEGMENT_COLOURS  # theme.segments: the master's accents (`palette: master`)
    cycle = iter(list(colours) * (len(names) // len(colours) + 1))
    return {name: given.get(name) or (theme.highlight if name in marked and not data.palette else next(cycle)) for name in names}


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    groups = bars(data)
    single = len(groups) == 1
    height = 0.5 if single else 0.56
    ys = list(range(len(groups)))[::-1]
    ax.set_xlim(0, 100)
    ax.set_ylim(-1.3 if single else -0.6, 0.8 if single else len(groups) - 0.2)
    scale = ax.get_window_extent().width / 100  # pixels per percentage point
    colours = segment_colours(data, groups, theme)
    small = theme.font_size * theme.small
    rects, values, outside = {}, {}, []
    for y, (bar, segments) in zip(ys, groups.items(), strict=True):
        left = 0.0
        for i, p in enumerate(segments):
            key = f"{bar}:{i}"
            value = p.value or 0.0
            fill = colours.get(p.label, theme.base) if p.id else theme.rest
            rect = tag(ax.barh(y, value, left=left, height=height, color=fill, edgecolor="white", linewidth=2)[0], "segment", key)
            rect.set_label(p.label)
            rects[key] = (rect, p, left, y)
            ink = "white" if p.id and dark(fill) else theme.ink
            size = theme.font_size * (1.25 if single else 1.0)
            text = _fit(ax, left + value / 2, y, p.text, value * scale, ink, size, small, p.highlight)
            if text is None:
                outside.append(key)
            else:
                values[key] = tag(text, "share", key)
            left += value
    inline = _names_inline(ax, data, rects, values, single, scale, theme)
    if not inline:
        from matplotlib.patches import Patch

        handles = [Patch(color=colour, label=name) for name, colour in colours.items() if name]
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0.4 if single else 0.0), ncols=min(len(handles), 5),
                      frameon=False,
                      handlelength=0.9, handleheight=0.9, borderaxespad=0.2, columnspacing=1.2, labelcolor=theme.ink,
                      fontsize=small)
    _values_outside(ax, outside, rects, height, theme)
    if single:
        ax.set_yticks([])
    else:
        ax.set_yticks(ys, [wrap(name, data.lang, lines=4) for name in groups])
        ax.tick_params(axis="y", length=0, pad=8, colors=theme.ink)
        fit_left_names(ax, ax.get_yticklabels(), theme)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.xaxis.set_visible(False)


def dark(colour: str) -> bool:
    """Is a fill dark enough for white text on it (the native chart's labels follow the same rule)?"""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 150


def _names_inline(ax: Any, data: ChartData, rects: dict, values: dict, single: bool, scale: float, theme: Theme) -> bool:
    """Name every segment beside its value (under it, for one bar) when every name fits; else name none (a legend will)."""
    planned = []
    for key, (_rect, p, left, y) in rects.items():
        if not p.label:
            continue
        room = (p.value or 0.0) * scale
        centre = left + (p.value or 0.0) / 2
        if single:
            char_px = theme.font_size * ax.figure.dpi / 72 * (0.95 if data.lang == "ko" else 0.55)
            text = ax.text(centre, y - 0.25 - 0.1, wrap(p.label, data.lang, max(4, int(room / char_px)), lines=3), ha="center",
                           va="top", color=theme.ink if p.highlight else theme.grey, fontweight=label_weight(p.highlight))
        else:
            value = values.get(key)
            if value is None:
                return _forget(planned)
            text = ax.text(centre, y, f"{p.label} {p.text}", ha="center", va="center", color=value.get_color(),
                           fontsize=value.get_fontsize(), fontweight=value.get_fontweight())
        planned.append((key, text))
        if width_px(ax, text) + (4 if single else 8) > room:
            return _forget(planned)
    for key, text in planned:
        if single:
            tag(text, "segname", key)
        else:
            values.pop(key).remove()
            tag(text, "share", key)
    return True


def _forget(planned: list) -> bool:
    for _key, text in planned:
        text.remove()
    return False


def _values_outside(ax: Any, keys: list[str], rects: dict, height: float, theme: Theme) -> None:
    """Values too wide for their segment: above the bar, spread apart along it, each joined to its segment by a leader."""
    by_bar: dict[float, list[str]] = {}
    for key in keys:
        by_bar.setdefault(rects[key][3], []).append(key)
    to_px = ax.transData
    back = to_px.inverted()
    for y, group in by_bar.items():
        texts = []
        for key in group:
            _rect, p, left, _ = rects[key]
            texts.append(tag(ax.annotate(p.text, (left + (p.value or 0.0) / 2, y + height / 2), xytext=(0, 0),
                                         textcoords="offset points", ha="center", va="bottom", color=theme.ink,
                                         fontsize=theme.font_size * theme.small), "share", key))
        widths = [width_px(ax, t) for t in texts]
        centres = [to_px.transform((rects[k][2] + (rects[k][1].value or 0.0) / 2, y))[0] for k in group]
        frame = ax.get_window_extent()
        placed = spread(centres, max(widths) + 6, frame.x0, frame.x1)
        rise = height_px(ax, texts[0]) * 0.2 + 10
        top_px = to_px.transform((0, y + height / 2))[1]
        for key, text, centre, at in zip(group, texts, centres, placed, strict=True):
            label_at = back.transform((at, top_px + rise))
            text.xy = (label_at[0], label_at[1])
            start = back.transform((centre, top_px))
            tag(ax.plot([start[0], label_at[0]], [start[1], label_at[1]], color=theme.grey, linewidth=0.8, zorder=4)[0], "leader", key)


def _fit(ax: Any, x: float, y: float, text: str, room_px: float, ink: str, size: float, small: float, bold: bool) -> Any:
    """The value inside its segment, shrinking once; None when it does not fit."""
    for points in (size, small):
        artist = ax.text(x, y, text, ha="center", va="center", color=ink, fontsize=points, fontweight="semibold" if bold else "normal")
        if width_px(ax, artist) + 8 <= room_px:
            return artist
        artist.remove()
    return None


KIND = ChartKind(
    name="stacked_bar",
    draw=draw,
    needs=Needs(required=("y",), optional=("x", "series"), percent=True),
    check=check,
    left=lambda data: 0.06 if len(data.series_names()) == 1 else 0.2,
    summary="bars of 100% split into shares (one bar, or one per series), remainder shown",
)
