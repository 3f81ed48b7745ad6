"""SVG charts of readiness: a RAG grid for one assessment, a trend over several.

Colour is never the only cue: every cell also carries a fill pattern (hatched red, dotted
amber, solid green, blank not rated) and a text label, and the SVG has role="img" with a
<title> and a <desc> holding the full text alternative, so screen readers and greyscale
printouts get the same information.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

from .assessment import Assessment
from .definitions import Checklist, load_checklist

COLOURS = {"red": "#d4351c", "amber": "#ffdd00", "green": "#00703c", "not_rated": "#ffffff"}
INK = {"red": "#ffffff", "amber": "#0b0c0c", "green": "#ffffff", "not_rated": "#0b0c0c"}
LETTER = {"red": "R", "amber": "A", "green": "G", "not_rated": "–"}
_FONT = 'font-family="Arial, Helvetica, sans-serif"'
_DEFS = """<defs>
<pattern id="rag-hatched" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="2" stroke-opacity="0.5"/></pattern>
<pattern id="rag-dotted" width="8" height="8" patternUnits="userSpaceOnUse">
<circle cx="4" cy="4" r="1.5" fill="#0b0c0c" fill-opacity="0.45"/></pattern>
</defs>"""


def _label(checklist: Checklist, rag: str) -> str:
    return checklist.scale.level(rag).label


def _cell(checklist: Checklist, x: float, y: float, w: float, h: float, rag: str) -> str:
    """A coloured rectangle, its pattern overlay and a dashed border when not rated."""
    pattern = checklist.scale.level(rag).pattern
    dash = ' stroke-dasharray="4 3"' if rag == "not_rated" else ""
    parts = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{COLOURS[rag]}" stroke="#0b0c0c"{dash}/>']
    if pattern in ("hatched", "dotted"):
        parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="url(#rag-{pattern})"/>')
    return "".join(parts)


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="chart-title chart-desc" {_FONT}>',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        _DEFS,
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        *body,
        "</svg>",
    ]) + "\n"


def grid_text(assessment: Assessment, checklist: Checklist | None = None) -> str:
    """The text alternative of the grid: one sentence per factor."""
    checklist = checklist or load_checklist()
    lines = []
    for factor in checklist.factors:
        rating = assessment.rating(factor.id)
        rated = [assessment.rating(q.id).rag for q in factor.questions if assessment.rating(q.id).rated]
        line = f"{factor.title}: {_label(checklist, rating.rag)}."
        if rated:
            counts = ", ".join(f"{rated.count(r)} {_label(checklist, r).lower()}" for r in ("red", "amber", "green") if r in rated)
            line += f" Questions rated: {counts}."
        if rating.target_rag and rating.target_date:
            line += f" Target {_label(checklist, rating.target_rag)} by {rating.target_date.isoformat()}."
        lines.append(line)
    return " ".join(lines)


def grid_svg(assessment: Assessment, checklist: Checklist | None = None) -> str:
    """One row per factor: name, a patterned RAG cell with its label, and question counts."""
    checklist = checklist or load_checklist()
    row, top, width = 44, 56, 640
    title = f"Digital-region readiness: {assessment.organisation}, {assessment.date.isoformat()} ({assessment.status.replace('_', ' ')})"
    body = [f'<text x="16" y="30" font-size="16" font-weight="bold" fill="#0b0c0c">{escape(title)}</text>']
    for i, factor in enumerate(checklist.factors):
        rating = assessment.rating(factor.id)
        y = top + i * row
        label = _label(checklist, rating.rag)
        rated = [assessment.rating(q.id).rag for q in factor.questions if assessment.rating(q.id).rated]
        detail = "questions: " + " · ".join(f"{rated.count(r)} {LETTER[r]}" for r in ("red", "amber", "green")) if rated else "questions not rated"
        body.append(
            f'<g class="factor" data-factor={quoteattr(factor.id)} data-rag={quoteattr(rating.rag)}>'
            f'<text x="16" y="{y + 26}" font-size="14" fill="#0b0c0c">{escape(factor.title)}</text>'
            f'{_cell(checklist, 300, y + 6, 56, 30, rating.rag)}'
            f'<text x="368" y="{y + 26}" font-size="14" font-weight="bold" fill="#0b0c0c">{escape(label)}</text>'
            f'<text x="470" y="{y + 26}" font-size="12" fill="#505a5f">{escape(detail)}</text></g>'
        )
    height = top + len(checklist.factors) * row + 16
    return _svg(width, height, title, grid_text(assessment, checklist), body)


def trend_text(assessments: Sequence[Assessment], checklist: Checklist | None = None) -> str:
    """The text alternative of the trend: each factor's colours in date order."""
    checklist = checklist or load_checklist()
    ordered = sorted(assessments, key=lambda a: a.date)
    return " ".join(
        f"{factor.title}: "
        + ", then ".join(f"{_label(checklist, a.rating(factor.id).rag)} ({a.date.isoformat()})" for a in ordered) + "."
        for factor in checklist.factors
    )


def trend_svg(assessments: Sequence[Assessment], checklist: Checklist | None = None) -> str:
    """One row per factor, one column per assessment date, each cell lettered R/A/G."""
    if not assessments:
        raise ValueError("a trend needs at least one assessment")
    checklist = checklist or load_checklist()
    ordered = sorted(assessments, key=lambda a: a.date)
    row, col, left, top = 40, 96, 300, 84
    width = max(640, left + col * len(ordered) + 16)
    names = sorted({a.organisation for a in ordered})
    title = f"Digital-region readiness over time: {', '.join(names)}, {_span(ordered[0].date, ordered[-1].date)}"
    body = [f'<text x="16" y="30" font-size="16" font-weight="bold" fill="#0b0c0c">{escape(title)}</text>']
    for j, assessment in enumerate(ordered):
        body.append(f'<text x="{left + j * col + 44}" y="{top - 12}" font-size="12" text-anchor="middle" '
                    f'fill="#0b0c0c">{assessment.date.isoformat()}</text>')
    for i, factor in enumerate(checklist.factors):
        y = top + i * row
        cells = []
        for j, assessment in enumerate(ordered):
            rag = assessment.rating(factor.id).rag
            x = left + j * col
            cells.append(
                f'<g class="cell" data-date="{assessment.date.isoformat()}" data-rag="{rag}">'
                f'{_cell(checklist, x, y + 4, 88, 30, rag)}'
                f'<rect x="{x + 30}" y="{y + 9}" width="28" height="20" rx="4" fill="#ffffff" stroke="#0b0c0c"/>'
                f'<text x="{x + 44}" y="{y + 24}" font-size="13" font-weight="bold" text-anchor="middle" '
                f'fill="#0b0c0c">{LETTER[rag]}</text></g>'
            )
        body.append(
            f'<g class="factor" data-factor={quoteattr(factor.id)}>'
            f'<text x="16" y="{y + 24}" font-size="14" fill="#0b0c0c">{escape(factor.title)}</text>{"".join(cells)}</g>'
        )
    legend_y = top + len(checklist.factors) * row + 20
    legend = "   ".join(f"{LETTER[lv.id]} = {lv.label} ({lv.pattern})" for lv in checklist.scale.levels)
    body.append(f'<text x="16" y="{legend_y}" font-size="12" fill="#505a5f">{escape(legend)}</text>')
    return _svg(width, legend_y + 16, title, trend_text(ordered, checklist), body)


def _span(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


def chart_svg(assessments: Sequence[Assessment], checklist: Checklist | None = None) -> str:
    """A grid for one assessment, a trend for several (what `readiness chart` draws)."""
    return grid_svg(assessments[0], checklist) if len(assessments) == 1 else trend_svg(assessments, checklist)
