"""Every file the built stylesheet points at is served: an unresolved url() is a broken page part."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "service" / "static"
STYLESHEET = STATIC / "vendor" / "tenderlint.css"


def _urls(css: str) -> set[str]:
    return {u.strip("'\"") for u in re.findall(r"url\(([^)]+)\)", css) if not u.strip("'\"").startswith("data:")}


def test_every_url_in_the_built_stylesheet_exists() -> None:
    if not STYLESHEET.is_file():
        pytest.fail("service/static/vendor/tenderlint.css is missing: run scripts/bootstrap (npm run build)")
    urls = _urls(STYLESHEET.read_text(encoding="utf-8"))
    assert urls, "the GOV.UK stylesheet refers to its crest image at least"
    missing = sorted(u for u in urls if not (STATIC / u.removeprefix("/static/").split("?")[0].split("#")[0]).is_file())
    assert not missing, f"the stylesheet points at files the build did not produce: {missing}"
