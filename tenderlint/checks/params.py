"""How a check kind declares the parameters it reads: the contract between a rule's YAML and its kind.

Each kind lists its parameters as `Param`s (a JSON Schema fragment, a description, required or
not). The rule loader validates every rule against these declarations with jsonschema, so a
misspelt or missing parameter fails when the pack is loaded, naming the file and line, instead of
being ignored or raising a bare KeyError later. `rules/schema.json` and the kinds table in
`rules/README.md` are generated from the same declarations (tenderlint/rulepack/schema.py), so the
code, the validation and the documentation cannot drift apart (as in Vale's check definitions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..roles import Role

# Shared shapes, emitted once under "$defs" in rules/schema.json and referenced from the kinds.
TERMS: Mapping[str, Any] = {"$ref": "#/$defs/terms"}
CONDITIONS: Mapping[str, Any] = {"$ref": "#/$defs/conditions"}
ELSEWHERE_SHAPE: Mapping[str, Any] = {"$ref": "#/$defs/elsewhere"}
NUMBER: Mapping[str, Any] = {"type": "number"}
INTEGER: Mapping[str, Any] = {"type": "integer", "minimum": 0}
BOOLEAN: Mapping[str, Any] = {"type": "boolean"}
STRING: Mapping[str, Any] = {"type": "string"}
OPERATOR: Mapping[str, Any] = {"enum": [">", ">=", "<", "<="]}
FACT_NAMES: Mapping[str, Any] = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}

DEFS: Mapping[str, Any] = {
    "terms": {
        "description": "A list of phrases (matched on lemmas; '=' for exact wording; '@name' for a shared term set), "
        "or {terms: [...], patterns: [...]} with spaCy Matcher token patterns",
        "type": ["array", "object"],
        "items": {"type": "string"},
        "properties": {
            "terms": {"type": "array", "items": {"type": "string"}},
            "patterns": {"type": "array", "items": {"type": "array", "items": {"type": "object"}}},
        },
        "additionalProperties": False,
    },
    "condition": {
        "description": "A value or list of values, true/false, {not: values} (an unknown fact passes), "
        "or comparisons such as {'>': 100000}",
        "type": ["string", "number", "boolean", "array", "object"],
        "properties": {"not": {}, ">": NUMBER, ">=": NUMBER, "<": NUMBER, "<=": NUMBER},
        "additionalProperties": False,
    },
    "conditions": {
        "description": "{fact: condition}: every condition must hold",
        "type": "object",
        "additionalProperties": {"$ref": "#/$defs/condition"},
    },
    "elsewhere": {
        "type": "object",
        "properties": {"topic": TERMS, "deferral": TERMS},
        "required": ["topic", "deferral"],
        "additionalProperties": False,
    },
}


@dataclass(frozen=True)
class Param:
    """One parameter a kind reads: its JSON Schema shape and what it means."""

    shape: Mapping[str, Any]
    doc: str
    required: bool = False

    def schema(self) -> dict[str, Any]:
        return {**self.shape, "description": self.doc}


def obj(properties: Mapping[str, Mapping[str, Any]], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object shape: unknown keys are errors, as they are for the parameters themselves."""
    shape: dict[str, Any] = {"type": "object", "properties": dict(properties), "additionalProperties": False}
    if required:
        shape["required"] = list(required)
    return shape


def params_schema(declared: Mapping[str, Param]) -> dict[str, Any]:
    """The JSON Schema of a kind's `params` mapping."""
    schema = obj({name: param.schema() for name, param in declared.items()})
    required = [name for name, param in declared.items() if param.required]
    if required:
        schema["required"] = required
    return schema


# Parameters Check.__init__ reads for every kind, declared only by the kinds whose run() uses them.
UNLESS = Param(TERMS, "terms that keep a sentence out (it is not flagged)")
UNLESS_AFFIRMED = Param(
    TERMS,
    "terms that keep a sentence out only where no negator stands just before them: a permission ('consortia "
    "will be accepted') clears a sentence, a refused one ('no consortia will be accepted') does not",
)
GUARDS = Param(
    {"type": "array", "items": {"enum": ["advice", "quotation"]}},
    "sentences left alone (default [advice, quotation]: advice to buyers or the law explained, and text in double quotes)",
)
SKIP_ROLES = Param(
    {"type": "array", "items": {"enum": [role.value for role in Role]}},
    "sentence roles not read (default: law and template guidance; for PROP, PROC and threshold rules also definition and example)",
)
INCLUDE_HEADINGS = Param(BOOLEAN, "also read headings (default false)")
MIN_WORDS = Param(INTEGER, "documents shorter than this are not judged")
ELSEWHERE = Param(
    ELSEWHERE_SHAPE,
    "{topic: terms, deferral: terms}: a sentence holding both puts the thing in another document, so the rule "
    "is not judged here (catalogue §0.5 item 14)",
)
NEGATION = Param({"enum": ["exclude", "ignore"]}, "whether a negated term ('shall not ...') is left out (exclude, the default) or counts (ignore)")

SENTENCE_PARAMS: Mapping[str, Param] = {
    "unless": UNLESS,
    "unless_affirmed": UNLESS_AFFIRMED,
    "guards": GUARDS,
    "skip_roles": SKIP_ROLES,
    "include_headings": INCLUDE_HEADINGS,
}

# Parameters several kinds take with one meaning: the kinds table describes them once.
SHARED: Mapping[str, Param] = {**SENTENCE_PARAMS, "negation": NEGATION, "min_words": MIN_WORDS, "elsewhere": ELSEWHERE}
