"""A process's one-time costs, paid before it takes work.

A worker's pool processes are forked from its main process: what the main process has imported and
cached they share (copy-on-write), what they load themselves each pays on its first document, and
again in every replacement process. Measured on a corpus PDF, the first document in a fresh process
took about a second more than the next (the PDF libraries imported, the linter's caches filled).
"""

from __future__ import annotations

from .engine import Linter
from .parse import load_readers, parse_bytes

SAMPLE = b"""# Warm-up

1. Scope

1.1 The Supplier shall provide the service within 30 days of the order, for 24 months.
1.2 Bidders must hold public liability insurance of \xc2\xa35,000,000 and an annual turnover of \xc2\xa32m.
"""


def warm_up(linter: Linter) -> None:
    """Import every reader and lint a short built-in document once with this linter."""
    load_readers()
    linter.lint(parse_bytes(SAMPLE, "warm-up.md"))
