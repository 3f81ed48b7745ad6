"""Accessible SVG charts for the portfolio dashboard, drawn on the server (no script needed).

Every chart has role="img" with a <title> and a <desc> that reads out every number, and each bar
or point carries its number as text beside it, so neither colour nor shape alone carries meaning;
the page shows the same numbers in a table as well. Ids are prefixed with the chart's own id so
several charts can share one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

INK, MUTED, RULE = "#0b0c0c", "#505a5f", "#b1b4b6"
FILLS = {"error": "#d4351c", "warning": "#f47738", "info": "#1d70b8"}
DEFAULT_FILL = "#1d70b8"
_FONT = 'font-family="Arial, Helvetica, sans-serif"'
LABEL_CHARS = 34


def _amount(value: float, text: str, unit: tuple[str, str]) -> str:
    """'1 document', '3 documents', '2.5 points': the unit as (singular, plural)."""
    return f"{text} {unit[0] if value == 1 else unit[1]}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the number as shown beside the bar ("12", "4.5")
    kind: str = ""  # a severity: picks the fill and a pattern (error hatched, warning dotted)


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    patterns = (
        f'<defs><pattern id="{chart_id}-hatched" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="3"/></pattern>'
        f'<pattern id="{chart_id}-dotted" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<circle cx="3" cy="3" r="1.4" fill="{INK}"/></pattern></defs>'
    )
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(chart_id)} viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" {_FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        patterns, f'<rect width="{width}" height="{height}" fill="#ffffff"/>', *body, "</svg>",
    ]) + "\n"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], unit: tuple[str, str]) -> str:
    """Horizontal bars, one per row, the number written after each; an empty chart says so."""
    left, bar_area, row, top, width = 250, 300, 30, 12, 640
    desc = "; ".join(f"{b.label}: {_amount(b.value, b.text, unit)}" for b in bars) + "." if bars else f"No {unit[1]} to show."
    most = max((b.value for b in bars), default=0) or 1
    body = []
    for i, bar in enumerate(bars):
        y = top + i * row
        length = round(bar_area * bar.value / most, 1) if bar.value > 0 else 0
        fill = FILLS.get(bar.kind, DEFAULT_FILL)
        overlay = {"error": "hatched", "warning": "dotted"}.get(bar.kind)
        body.append(
            f'<g class="bar" data-label={quoteattr(bar.label)} data-value={quoteattr(bar.text)}>'
            f'<text x="{left - 8}" y="{y + 18}" font-size="13" text-anchor="end" fill="{INK}">{escape(_short(bar.label))}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{length}" height="20" fill="{fill}"/>'
            + (f'<rect x="{left}" y="{y + 4}" width="{length}" height="20" fill="url(#{chart_id}-{overlay})"/>' if overlay and length else "")
            + f'<text x="{left + length + 6}" y="{y + 18}" font-size="13" font-weight="bold" fill="{INK}">{escape(bar.text)}</text></g>'
        )
    if not bars:
        body.append(f'<text x="16" y="{top + 18}" font-size="13" fill="{MUTED}">{escape(desc)}</text>')
    height = top + max(len(bars), 1) * row + 10
    body.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - 8}" stroke="{RULE}"/>')
    return _svg(chart_id, width, height, title, desc, body)


def line_chart(chart_id: str, title: str, points: Sequence[tuple[str, float | None]], unit: tuple[str, str]) -> str:
    """One point per period, joined where consecutive periods both have a value; each point
    labelled with its number, and a period without data marked "no data"."""
    left, right, top, plot_h, width = 48, 24, 24, 160, 640
    step = (width - left - right) / max(len(points) - 1, 1)
    most = max((v for _, v in points if v is not None), default=0) or 1
    desc = "; ".join(f"{label}: {'no data' if v is None else _amount(v, f'{v:g}', unit)}" for label, v in points) + "." \
        if points else f"No {unit[1]} to show."
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{RULE}"/>',
            f'<text x="{left - 6}" y="{top + plot_h + 4}" font-size="11" text-anchor="end" fill="{MUTED}">0</text>',
            f'<text x="{left - 6}" y="{top + 4}" font-size="11" text-anchor="end" fill="{MUTED}">{most:g}</text>']
    previous: tuple[float, float] | None = None
    for i, (label, value) in enumerate(points):
        x = round(left + i * step, 1)
        body.append(f'<text x="{x}" y="{top + plot_h + 18}" font-size="11" text-anchor="middle" fill="{INK}">{escape(label)}</text>')
        if value is None:
            body.append(f'<text x="{x}" y="{top + plot_h - 6}" font-size="10" text-anchor="middle" fill="{MUTED}">no data</text>')
            previous = None
            continue
        y = round(top + plot_h - plot_h * value / most, 1)
        if previous is not None:
            body.append(f'<line x1="{previous[0]}" y1="{previous[1]}" x2="{x}" y2="{y}" stroke="{DEFAULT_FILL}" stroke-width="3"/>')
        body.append(f'<g class="point" data-label={quoteattr(label)} data-value="{value:g}">'
                    f'<rect x="{x - 5}" y="{y - 5}" width="10" height="10" fill="{INK}"/>'
                    f'<text x="{x}" y="{max(y - 10, 10)}" font-size="12" font-weight="bold" text-anchor="middle" '
                    f'fill="{INK}">{value:g}</text></g>')
        previous = (x, y)
    return _svg(chart_id, width, top + plot_h + 30, title, desc, body)
