"""An English word list for judging whether a repaired or de-hyphenated word is plausible.

The list comes from spacy-lookups-data (a dependency through spaCy): WordNet lemmas plus the
inflected forms of the lemma lookup, about 120k words, read in ~60 ms and only on first use.
Those tables hold content words only, so the closed class of function words is added here.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

_FUNCTION_WORDS = """
a an the and or nor but if then else than so as at by for from in into of off on onto out over
to up upon with within without about above across after against along among around before
behind below beneath beside besides between beyond down during except inside near outside
since through throughout till toward towards under underneath until unto via whether while
i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves this that these
those who whom whose which what whatever whichever whoever whomever where when why how
all any both each either every few many more most much neither no none not only other others
same several some such own very too also just ever never again already still yet here there
be am is are was were been being have has had having do does did doing done can could may
might must shall should will would ought cannot
""".split()


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words; empty if the lookup tables are not installed."""
    try:
        data = resources.files("spacy_lookups_data") / "data"
    except ModuleNotFoundError:
        return frozenset(_FUNCTION_WORDS)
    words: set[str] = set(_FUNCTION_WORDS)
    lookup = _load(data / "en_lemma_lookup.json.gz")
    words.update(k.lower() for k in lookup)
    words.update(v.lower() for v in lookup.values())
    for lemmas in _load(data / "en_lemma_index.json.gz").values():
        words.update(w.lower() for w in lemmas)
    for table in _load(data / "en_lemma_exc.json.gz").values():
        for form, lemmas in table.items():
            words.add(form.lower())
            words.update(w.lower() for w in lemmas)
    return frozenset(w for w in words if w.isalpha())


def _load(path) -> dict:
    try:
        with gzip.open(path.open("rb")) as handle:  # type: ignore[union-attr]
            return json.load(handle)
    except FileNotFoundError:
        return {}
