"""Turn the text of one amount into a value: figures, scales, words, and words-with-figure pairs."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .patterns import FLAGS
from .words import parse_number_words

_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9,
}
_FIGURE = re.compile(
    r"(?P<num>\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s?(?P<scale>k|m|mn|bn|b|thousand|million|billion)?",
    FLAGS,
)
_PAIR = re.compile(r"(?P<outer>[^()]*?)\s?\(\s?(?P<inner>[^()]*?)\s?\)", FLAGS)
_SCALE_SUFFIX = re.compile(r"(?:k|m|mn|bn|b|thousand|million|billion)$", FLAGS)


@dataclass(frozen=True)
class Amount:
    """A parsed amount; `consistent` is False when words and figure disagree."""

    value: float
    consistent: bool = True
    scaled: bool = False


def parse_figure(s: str) -> float | None:
    """Value of a figure with an optional scale: "5,000,000", "5.5M", "250k", "200 000"."""
    m = _FIGURE.fullmatch(s.strip())
    if not m:
        return None
    value = float(re.sub(r"[, \u00a0\u202f]", "", m["num"]))
    if m["scale"]:
        value *= _SCALES[m["scale"].lower()]
    return value if math.isfinite(value) else None


def parse_amount(s: str) -> Amount | None:
    """Value of a figure, number words, or a pair such as "sixty (60)"; the figure wins a pair."""
    s = s.strip()
    pair = _PAIR.fullmatch(s)
    if pair:
        outer, inner = pair["outer"], pair["inner"]
        figure, words = parse_figure(inner), parse_number_words(outer)
        if figure is None:
            figure, words = parse_figure(outer), parse_number_words(inner)
        if figure is None:
            return None
        return Amount(figure, words is None or math.isclose(words, figure), has_scale(s))
    figure = parse_figure(s)
    if figure is None:
        figure = parse_number_words(s)
    if figure is None or not math.isfinite(figure):
        return None
    return Amount(figure, True, has_scale(s))


def has_scale(s: str) -> bool:
    """Whether an amount ends in a scale ("10m", "5 million"), so a bare "5-" can borrow it."""
    return bool(_SCALE_SUFFIX.search(s.strip().rstrip(")").strip()))
