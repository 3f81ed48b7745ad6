"""What every check kind shares: compiling terms, guards, and the outcome it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator, Mapping

from ..context import Context
from ..analysis import Analysis, Sentence
from ..matching import Hit, TermIndex
from ..model import BlockKind
from ..roles import NOT_OF_THIS_TENDER, NOT_REQUIREMENTS, Role, sentence_role
from ..rulepack.model import Rule
from .params import Param

FLAGGED, PASSED, NOT_APPLICABLE, COULD_NOT_CHECK = "flagged", "passed", "not_applicable", "could_not_check"

# Sentences that advise buyers or explain the law ("contracting authorities should not ask
# for turnover above twice the value") must not be flagged for what they warn against.
ADVICE_KEY = "_guard/advice"
ADVICE_PATTERNS: list[list[dict[str, Any]]] = [
    [
        {"LOWER": {"IN": ["authority", "authorities", "buyer", "buyers", "you", "commissioner", "commissioners", "organisations", "organizations", "bodies", "body"]}},
        {"LOWER": {"IN": ["should", "must", "shall", "may", "can", "cannot", "will"]}},
        {"LOWER": {"IN": ["not", "only", "never", "consider", "avoid"]}, "OP": "?"},
        {"LEMMA": {"IN": ["ask", "require", "request", "set", "impose", "demand", "use", "seek", "include", "consider", "avoid", "apply", "specify", "evaluate", "assess", "score"]}},
    ],
    [{"LOWER": {"IN": ["ppn", "guidance", "regulation", "regulations", "act"]}}, {"LOWER": {"IN": ["says", "states", "requires", "recommends", "advises", "provides"]}}],
    [{"LOWER": "it"}, {"LOWER": "is"}, {"LOWER": "not", "OP": "?"}, {"LOWER": {"IN": ["recommended", "good", "best", "appropriate", "proportionate"]}}],
    [{"LOWER": {"IN": ["should", "must"]}}, {"LOWER": "not"}, {"LOWER": "be"}, {"LOWER": "used"}, {"LOWER": "to"}],
    [{"LOWER": {"IN": ["example", "examples"]}}, {"LOWER": "of"}, {"LOWER": {"IN": ["poor", "bad", "disproportionate"]}}],
]
BODY_KINDS = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL)

# Selection, process and threshold rules judge demands on bidders: a figure in a definition
# ("a small business means one with a turnover under £10.2m") or an example is not a requirement.
DEMAND_FAMILIES = ("PP-PROP-", "PP-PROC-")


def default_skip_roles(rule: Rule, kind: str) -> frozenset[Role]:
    """Roles a check does not read unless its params say otherwise (`skip_roles: [...]`)."""
    if kind == "threshold" or rule.id.startswith(DEMAND_FAMILIES):
        return NOT_REQUIREMENTS
    return NOT_OF_THIS_TENDER


def register_guards(index: TermIndex) -> None:
    index.add_patterns(ADVICE_KEY, ADVICE_PATTERNS)


@dataclass(frozen=True)
class Candidate:
    """A place a rule fired, before the engine turns it into a Finding."""

    start: int  # character offsets into document.text
    end: int
    values: Mapping[str, Any] = field(default_factory=dict)
    confidence: float = 0.8
    document_level: bool = False


@dataclass(frozen=True)
class Outcome:
    status: str
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""


def compile_terms(index: TermIndex, key: str, spec: Any) -> str | None:
    """A term spec is a list of phrases, or {terms: [...], patterns: [...]}. Returns the key or None."""
    if not spec:
        return None
    if isinstance(spec, Mapping):
        index.add_terms(key, spec.get("terms", ()))
        index.add_patterns(key, spec.get("patterns", ()))
    else:
        index.add_terms(key, spec)
    return key


class Check:
    """Base class: subclasses compile their params in __init__ and implement run()."""

    kind = ""
    # The parameters a rule of this kind may set (checks/params.py), validated when the pack loads.
    parameters: ClassVar[Mapping[str, Param]] = {}
    # When the kind fires, in a phrase: the "fires" column of the kinds table in rules/README.md.
    fires: ClassVar[str] = ""
    # The values every finding of the kind carries, for {placeholders} in a rule's message and fix.
    fills: ClassVar[frozenset[str]] = frozenset()
    # Judgements about a whole document (something missing, a density) only make sense for the
    # document types the rule names: a contract schedule is not an ITT missing its award criteria.
    gated_by_doc_type = False

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        self.rule = rule
        self.params = params
        self.key = rule.id
        self.unless = compile_terms(index, f"{rule.id}/unless", params.get("unless"))
        self.unless_affirmed = compile_terms(index, f"{rule.id}/unless-affirmed", params.get("unless_affirmed"))
        self.guards = set(params.get("guards", ("advice", "quotation")))
        self.include_headings = bool(params.get("include_headings", False))
        elsewhere = params.get("elsewhere") or {}
        self.elsewhere_topic = compile_terms(index, f"{rule.id}/elsewhere-topic", elsewhere.get("topic"))
        self.elsewhere_deferral = compile_terms(index, f"{rule.id}/elsewhere-deferral", elsewhere.get("deferral"))
        skip = params.get("skip_roles")
        self.skip_roles = frozenset(Role(r) for r in skip) if skip is not None else default_skip_roles(rule, self.kind)

    @classmethod
    def filled(cls, params: Mapping[str, Any]) -> frozenset[str]:
        """The placeholders a rule with these params can use (a kind may name some after its params)."""
        return cls.fills

    @classmethod
    def param_errors(cls, params: Mapping[str, Any]) -> list[tuple[list[str | int], str]]:
        """(path within params, message) for what a schema cannot say, e.g. a name that must refer
        to another parameter. Called by the loader after schema validation."""
        return []

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        raise NotImplementedError

    def body_sentences(self, analysis: Analysis) -> Iterator[Sentence]:
        """Sentences of running text (not headings, running headers or footers).

        Computed once per document and heading choice, since every rule asks for them."""
        cache: dict[bool, list[Sentence]] = analysis.__dict__.setdefault("_body_sentences", {})
        if self.include_headings not in cache:
            blocks = analysis.document.blocks
            allowed = BODY_KINDS + ((BlockKind.HEADING,) if self.include_headings else ())
            cache[self.include_headings] = [
                s for s in analysis.sentences if s.block is not None and blocks[s.block].kind in allowed
            ]
        return iter(cache[self.include_headings])

    def body_sentences_with(self, analysis: Analysis, key: str | None) -> list[Sentence]:
        """Body sentences holding a hit of `key`, in order: most checks read only these, and the
        hit index finds them without asking every sentence."""
        if not key:
            return []
        body = self.body_indices(analysis)
        return [analysis.sentences[i] for i in sorted(analysis.sentences_with(key)) if i in body]

    def body_indices(self, analysis: Analysis) -> frozenset[int]:
        """The indices of `body_sentences`, for membership tests (cached like them)."""
        cache: dict[bool, frozenset[int]] = analysis.__dict__.setdefault("_body_indices", {})
        if self.include_headings not in cache:
            cache[self.include_headings] = frozenset(s.index for s in self.body_sentences(analysis))
        return cache[self.include_headings]

    def guarded(self, analysis: Analysis, sentence: Sentence, hit: Hit | None = None) -> bool:
        """True when the sentence is excluded: an `unless` term, buyer advice, a quotation, or a role
        the rule does not judge (the law described, an example, for some rules a definition)."""
        if self.unless and sentence.hits.get(self.unless):
            return True
        if self.unless_affirmed and any(not analysis.negated(h) for h in sentence.hits.get(self.unless_affirmed, ())):
            return True
        if self.skip_roles and sentence_role(analysis, sentence) in self.skip_roles:
            return True
        if "advice" in self.guards and sentence.hits.get(ADVICE_KEY):
            return True
        if hit is not None and "quotation" in self.guards and analysis.quoted(hit):
            return True
        return False

    def deferred(self, analysis: Analysis) -> "Outcome | None":
        """Not checked when the document puts the missing thing in another document: a sentence holds
        both an `elsewhere.topic` term and an `elsewhere.deferral` one ("evaluation criteria will be
        specified in each Opportunity"; catalogue §0.5 item 14). For absence-like checks."""
        if not (self.elsewhere_topic and self.elsewhere_deferral):
            return None
        both = analysis.sentences_with(self.elsewhere_topic) & analysis.sentences_with(self.elsewhere_deferral)
        if not both:
            return None
        text = " ".join(analysis.sentences[min(both)].text.split())
        text = text if len(text) <= 160 else text[:157] + "..."
        return Outcome(NOT_APPLICABLE, reason=f"the document puts this in another document: “{text}”")

    def sentence_candidate(self, sentence: Sentence, confidence: float = 0.8, **values: Any) -> Candidate:
        return Candidate(sentence.start_char, sentence.end_char, values, confidence)
