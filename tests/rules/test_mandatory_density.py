"""PP-SPEC-001 as the catalogue words it: binding modals per 1,000 words above the corpus 90th
percentile, or more requirement items than a contract's value warrants (R > 50 under £100k, R > 150
under £1m); with no value the R limits do not fire (amendment 32). The text is written for this test."""

from __future__ import annotations

import pytest

from tenderlint.engine import Linter
from tenderlint.model import Finding
from tenderlint.parse import parse_bytes

# One "shall" in about 65 words: 15 per 1,000, under the density limit, so only R can fire.
LOOSE = (
    "{n}. The grounds team shall cut the grass in park {n} when it grows past the height set in the schedule, "
    "and the parks officer, who walks each site on a rota agreed at the start of the year, will note any area "
    "left uncut, any litter left behind, and any damage to paths, benches or planting found during the visit, "
    "so that the monthly meeting can agree what is put right and by when."
)
# Three binding modals in about 30 words: far over the limit.
TIGHT = (
    "{n}. The grounds team shall cut the grass in park {n} weekly, must collect the cuttings the same day "
    "and is required to record the work in the council's log before leaving the site."
)
# No binding modal: the same duties written as outcomes.
OPEN = (
    "{n}. Park {n} looks cared for through the growing season: grass is kept short enough for play, cuttings "
    "do not lie on the paths, and the parks officer can see in the log when each site was last visited."
)


def spec(line: str, items: int) -> bytes:
    body = "\n\n".join(line.format(n=n) for n in range(1, items + 1))
    return f"# Specification of requirements for grounds maintenance\n\n{body}\n".encode()


@pytest.fixture(scope="module")
def pack() -> Linter:
    return Linter()


def density_findings(pack: Linter, data: bytes, **facts: float) -> list[Finding]:
    report = pack.lint(parse_bytes(data, "spec.md"), facts=facts)
    return [f for f in report.findings if f.rule_id == "PP-SPEC-001"]


def test_dense_binding_language_fires_with_its_measure_and_no_value_needed(pack: Linter) -> None:
    [found] = density_findings(pack, spec(TIGHT, 40))
    assert "per 1,000 words" in found.message and "17.46" in found.message
    assert not density_findings(pack, spec(OPEN, 40))
    assert not density_findings(pack, spec(LOOSE, 40))


def test_requirement_count_is_judged_against_the_value_band(pack: Linter) -> None:
    many = spec(LOOSE, 60)
    [small] = density_findings(pack, many, value_total=80_000)
    assert "60 numbered or listed mandatory requirements" in small.message and "£100,000" in small.message
    # 60 items is in proportion for a £500k contract, but 160 is not
    assert not density_findings(pack, many, value_total=500_000)
    [middle] = density_findings(pack, spec(LOOSE, 160), value_total=500_000)
    assert "160 numbered" in middle.message and "£1m" in middle.message
    # with no value the R limits report nothing (catalogue amendment 32)
    assert not density_findings(pack, many)


def test_requirements_that_demand_nothing_are_not_counted(pack: Linter) -> None:
    assert not density_findings(pack, spec(OPEN, 60), value_total=80_000)
