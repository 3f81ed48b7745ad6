"""The pack report as SARIF 2.1.0: one run, every document an artifact; a pack finding is a result on
the document it belongs to, and a consistency finding's other statements are related locations."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from ..pack.report import PackReport
from .sarif import sarif_log


def render_pack_sarif(pack: PackReport) -> str:
    owned = {r.document.name: [f.finding for f in pack.findings if f.document == r.document.name] for r in pack.reports}
    log: dict[str, Any] = sarif_log([replace(r, findings=(*owned[r.document.name], *r.findings)) for r in pack.reports])
    others = {f.finding.fingerprint: f.others for f in pack.findings if f.others}
    for result in log["runs"][0]["results"]:
        places = others.get(result["partialFingerprints"]["tenderlint/v1"], ())
        related = result.setdefault("relatedLocations", [])
        for place in places:
            region = {"charOffset": place.location.start, "charLength": max(0, place.location.end - place.location.start),
                      "snippet": {"text": place.quote}}
            related.append({"id": len(related) + 1, "physicalLocation": {"artifactLocation": {"uri": place.document}, "region": region},
                            "message": {"text": "the same fact, stated differently"}})
        if not related:
            del result["relatedLocations"]
    return json.dumps(log, ensure_ascii=False, indent=1)
