"""Facts about a tender that rules depend on (catalogue section 1): regime, value, type, dates.

- `facts`: the Fact and Context values, the threshold table, and the facts derived from others;
- `signals`: the vocabulary that is evidence for regime, authority, procedure, document type, IT;
- `extract`: reading the facts from an analysed document, one extractor per module: `tally` and
  `vocabulary` (weighed signal phrases), `values`, `term_length`, `dates`, `contract_terms`.
"""

from .extract import extract_context
from .facts import FOUND, GIVEN, THRESHOLDS, VAT_RATE, Context, Fact, ThresholdTable, threshold_table

__all__ = [
    "FOUND", "GIVEN", "THRESHOLDS", "VAT_RATE", "Context", "Fact", "ThresholdTable", "extract_context", "threshold_table",
]
