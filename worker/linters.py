"""One compiled Linter per profile per worker process: compiling the pack and loading the NLP
pipeline costs about a second, so it is paid once, not per job."""

from __future__ import annotations

from tenderlint.engine import LintConfig, Linter

_LINTERS: dict[str | None, Linter] = {}


def linter_for(profile: str | None) -> Linter:
    """The process's Linter for a profile (None: the default rule selection), built on first use."""
    linter = _LINTERS.get(profile)
    if linter is None:
        linter = _LINTERS[profile] = Linter(config=LintConfig(profile=profile))
    return linter
