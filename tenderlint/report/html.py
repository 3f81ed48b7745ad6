"""A self-contained HTML report (no scripts, all text escaped) for sharing by e-mail or printing."""

from __future__ import annotations

from html import escape

from ..engine import Report

_STYLE = """
body{font-family:Arial,sans-serif;max-width:60em;margin:2em auto;color:#0b0c0c;line-height:1.4}
h1{font-size:1.6em}h2{font-size:1.3em;margin-top:2em}
.finding{border-left:5px solid #b1b4b6;padding:.5em 1em;margin:1em 0}
.error{border-color:#d4351c}.warning{border-color:#f47738}.info{border-color:#1d70b8}
blockquote{background:#f3f2f1;margin:.5em 0;padding:.5em 1em}
table{border-collapse:collapse}td,th{border-bottom:1px solid #b1b4b6;padding:.3em .8em;text-align:left}
.meta{color:#505a5f;font-size:.9em}
"""


def _report_section(report: Report) -> str:
    scores = report.scores
    parts = [
        f"<h1>{escape(report.document.name)}</h1>",
        f"<p class=meta>{escape(report.document.format)} · {report.document.pages or '?'} pages · "
        f"{report.document.word_count:,} words · {scores['errors']} errors, {scores['warnings']} warnings, "
        f"{scores['infos']} infos · {scores['rules_checked']} rules checked</p>",
    ]
    for finding in report.findings:
        where = [f"page {finding.location.page}" if finding.location.page else "",
                 f"clause {finding.location.clause}" if finding.location.clause else "",
                 " › ".join(finding.location.section)]
        parts.append(f"<div class='finding {escape(finding.severity)}'>")
        parts.append(f"<h3>{escape(finding.severity.title())}: {escape(finding.message)} <span class=meta>{escape(finding.rule_id)}</span></h3>")
        parts.append(f"<p class=meta>{escape(' · '.join(w for w in where if w))}</p>")
        if finding.quote:
            parts.append(f"<blockquote>{escape(finding.quote)}</blockquote>")
        if finding.also:
            parts.append(f"<details><summary>The same in {len(finding.also)} more place{'s' if len(finding.also) > 1 else ''}</summary><ul>")
            for place in finding.also:
                at = " · ".join(w for w in (f"page {place.location.page}" if place.location.page else "", f"clause {place.location.clause}" if place.location.clause else "") if w)
                parts.append(f"<li>{escape(at)}{': ' if at else ''}<q>{escape(place.quote[:300])}</q></li>")
            parts.append("</ul></details>")
        parts.append(f"<p><strong>Why it matters:</strong> {escape(finding.why)}</p>")
        parts.append(f"<p><strong>How to fix it:</strong> {escape(finding.fix)}</p>")
        sources = "; ".join(f"{s['title']} {s['pinpoint']} [{s['tag']}]".strip() for s in finding.sources)
        parts.append(f"<p class=meta>Sources: {escape(sources)}</p></div>")
    parts.append("<h2>What we checked</h2><table><tr><th>Rule</th><th>Result</th><th>Note</th></tr>")
    for result in report.rule_results:
        parts.append(f"<tr><td>{escape(result.rule_id)}</td><td>{escape(result.status.replace('_', ' '))}</td><td>{escape(result.reason)}</td></tr>")
    parts.append("</table>")
    return "\n".join(parts)


def render_html(reports: list[Report]) -> str:
    body = "\n<hr>\n".join(_report_section(r) for r in reports)
    return f"<!doctype html><html lang=en><head><meta charset=utf-8><title>tenderlint report</title><style>{_STYLE}</style></head><body>{body}</body></html>"
