"""Build the spaCy pipeline: blank English, legal-aware sentences, lookup lemmas.

A blank pipeline tokenises at ~1M words/s; the statistical models are 10-20x slower and
would be downloaded at run time, which we never do. Lemmas come from the lookup tables in
`spacy-lookups-data`, so "indemnifies", "indemnified" and "indemnify" match one rule.
A trained pipeline may be named instead (TENDERLINT_SPACY_MODEL) when it is installed.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import LEMMA as LEMMA_ATTR
from spacy.attrs import LOWER as LOWER_ATTR
from spacy.attrs import ORTH as ORTH_ATTR
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from thinc.types import Ints2d

from ..parse.limits import MAX_TEXT_CHARS
from .runs import break_long_runs

# Abbreviations common in tenders and legislation that end in a full stop but not a sentence.
ABBREVIATIONS = (
    "cl", "cls", "no", "nos", "art", "arts", "reg", "regs", "para", "paras", "sch", "s", "ss",
    "p", "pp", "approx", "incl", "excl", "min", "max", "ltd", "inc", "co", "corp", "plc", "vol",
    "fig", "ref", "etc", "vs", "v", "cf", "mr", "mrs", "ms", "dr", "st", "dept", "est", "sec",
    "subs", "govt", "tel", "hrs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "u.k", "u.s", "e.g", "i.e", "viz", "pt", "ch", "ed", "al",
)
_TERMINALS = {".", "?", "!", "…"}
_OPENERS = {"(", "[", "\"", "“", "‘", "'"}


@Language.factory("tenderlint_sentences")
def make_legal_sentencizer(nlp: Language, name: str) -> "LegalSentencizer":
    return LegalSentencizer()


class LegalSentencizer:
    """Split after . ? ! when the next token can begin a sentence.

    spaCy's rule-based sentencizer splits on every full stop, which cuts "cl. 4.2" and
    "No. 5" in half; abbreviations are kept whole by tokenizer exceptions, and clause numbers
    like "1.1" are single tokens, so only a free-standing terminal ends a sentence here.
    """

    def __call__(self, doc: Doc) -> Doc:
        # Word tests run once per distinct token text, and only tokens that can end a sentence are
        # visited in Python: a loop over every token, or setting is_sent_start one token at a
        # time, costs more than tokenising the document. All decisions go in one from_array call.
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        distinct, inverse = numpy.unique(doc.to_array(ORTH_ATTR), return_inverse=True)
        texts = [strings[h] for h in distinct.tolist()]

        def per_token(test: Any) -> Any:
            return numpy.array([test(t) for t in texts], dtype=bool)[inverse]

        terminal = per_token(lambda t: t in _TERMINALS)
        # "12." as one token ends a sentence unless it opens one (a numbered item)
        numbered_stop = per_token(lambda t: t[-1:] in "?!." and len(t) > 1 and t[:-1].isdigit())
        follows_stop = numpy.append(~terminal[1:] & per_token(_can_start)[1:], False)  # next token may start one
        after_digits = numpy.insert(per_token(str.isdigit)[:-1], 0, False)
        full_stop = per_token(lambda t: t == ".")
        # blocks are joined by newlines: a new block starts a sentence
        start = numpy.insert(per_token(lambda t: "\n" in t and not t.strip())[:-1], 0, True)
        # so does a bullet glyph: PDF text runs a list's items into one line (amendment 64)
        start |= per_token(lambda t: t in _BULLETS)
        for index in numpy.flatnonzero(terminal | numbered_stop).tolist():
            opens = start[index]
            # "2." opening an item is a label, not the end of a sentence
            label_stop = full_stop[index] and not opens and index > 0 and start[index - 1] and after_digits[index]
            ends = (terminal[index] and not label_stop) or (numbered_stop[index] and not opens)
            if ends and follows_stop[index]:
                start[index + 1] = True
        starts = numpy.where(start, 1, -1).astype("uint64")
        doc.from_array([SENT_START], cast(Ints2d, starts.reshape(-1, 1)))
        return doc


_BULLETS = frozenset("\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u2219\u25cb\u25a1\u27a2\uf0b7\uf0a7")


def _can_start(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in _OPENERS


def _add_abbreviations(nlp: Language) -> None:
    for abbreviation in ABBREVIATIONS:
        for form in {abbreviation, abbreviation.capitalize(), abbreviation.upper()}:
            cast(Tokenizer, nlp.tokenizer).add_special_case(f"{form}.", [{ORTH: f"{form}."}])


def build_pipeline(model: str | None = None) -> Language:
    """A fresh pipeline. `model` names an installed trained pipeline to use instead of blank."""
    if model:
        nlp = spacy.load(model, exclude=["ner"])
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("tenderlint_lemmas")
    _add_abbreviations(nlp)
    nlp.tokenizer = PrimedTokenizer(nlp.tokenizer)
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("tenderlint_sentences", first=True)
    nlp.max_length = MAX_TEXT_CHARS  # parse_bytes refuses longer text as too-large
    return nlp


class PrimedTokenizer:
    """spaCy's tokenizer, with its word cache filled from the document's distinct words first.

    spaCy caches how each whitespace-separated chunk splits, but within one call it stops
    saving to the cache after the first special case ("e.g.", "No.", "can't") and never
    starts again, so a long tender is split almost entirely the slow way (prefix, suffix and
    infix regexes for every word). Tokenising the distinct chunks first, in calls that hold
    no special case, fills the cache; the real call then reads it. The tokens are identical
    (a test compares them); the cache is raised from 10,000 chunks, which one long tender fills.
    Long punctuation runs are broken first (runs.py), in place, so no chunk costs quadratic time.
    """

    BATCH = 500  # plain words per priming call
    LIMIT = 300_000  # distinct chunks remembered; beyond this spaCy's own behaviour resumes

    def __init__(self, tokenizer: Any) -> None:
        self.inner = tokenizer
        tokenizer.max_cache_size = self.LIMIT
        self._primed: set[str] = set()

    def __call__(self, text: str) -> Doc:
        text = break_long_runs(text)
        self.prime(text)
        return self.inner(text)

    def prime(self, text: str) -> None:
        if len(self._primed) >= self.LIMIT:
            return
        specials = self.inner.rules
        fresh = set(text.split()) - self._primed
        self._primed |= fresh
        plain = [w for w in fresh if w.isalnum() and w not in specials]
        for start in range(0, len(plain), self.BATCH):
            self.inner(" ".join(plain[start : start + self.BATCH]))
        for word in fresh.difference(plain):  # may be or hold a special case: one call each
            self.inner(word)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@Language.factory("tenderlint_lemmas")
def make_lemmatizer(nlp: Language, name: str) -> "CaseInsensitiveLemmas":
    return CaseInsensitiveLemmas()


class CaseInsensitiveLemmas:
    """Lookup lemmas keyed on the lower-cased word.

    spaCy's lookup lemmatizer is case-sensitive, so the capitalised defined terms that fill
    contracts ("Suppliers", "Indemnifies") would keep their surface form and miss rules.
    """

    def __init__(self) -> None:
        from spacy.lookups import load_lookups

        self.table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        self._cache: dict[int, int] = {}  # lower-case hash -> lemma hash

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        cache = self._cache
        distinct, inverse = numpy.unique(doc.to_array(LOWER_ATTR), return_inverse=True)
        lemmas = []
        for lower_hash in distinct.tolist():  # each distinct word once
            lemma_hash = cache.get(lower_hash)
            if lemma_hash is None:
                lemma_hash = cache[lower_hash] = strings.add(self._lookup(strings[lower_hash]))
            lemmas.append(lemma_hash)
        doc.from_array([LEMMA_ATTR], cast(Ints2d, numpy.array(lemmas, dtype="uint64")[inverse].reshape(-1, 1)))
        return doc

    def _lookup(self, lower: str) -> str:
        return self.table.get(lower, lower)


@lru_cache(maxsize=2)
def get_pipeline(model: str | None = None) -> Language:
    """The process-wide pipeline (built on first use, then reused by every document)."""
    return build_pipeline(model or os.environ.get("TENDERLINT_SPACY_MODEL") or None)
