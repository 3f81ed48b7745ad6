"""The checklist definition: `checklist.yaml` loaded and checked into frozen values.

The YAML is data so wording can be improved without touching code; the loader refuses a file
with a missing field, a duplicate id or an id that does not belong to its section, because
stored assessments refer to those ids and must never silently lose them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from ..errors import TenderlintError

DEFAULT_PATH = Path(__file__).with_name("checklist.yaml")
RAG_ORDER = ("red", "amber", "green")  # worst to best; "not_rated" is outside the order
NOT_RATED = "not_rated"
RAG_VALUES = (*RAG_ORDER, NOT_RATED)
_SECTION_ID = re.compile(r"^[a-z][a-z_]*$")


class ChecklistError(TenderlintError):
    """The checklist YAML is invalid; the message names the field."""

    code = "readiness-checklist"


@dataclass(frozen=True)
class Question:
    """One guiding question; `linter_families` link it to rule families as evidence."""

    id: str
    text: str
    linter_families: tuple[str, ...] = ()

    @property
    def section_id(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Section:
    """A factor (always rated) or an optional practice section, with its questions."""

    id: str
    title: str
    prompt: str
    why: str
    questions: tuple[Question, ...]
    kind: str = "factor"  # "factor" | "practice"
    optional: bool = False


@dataclass(frozen=True)
class RagLevel:
    """A colour on the scale; `pattern` gives a non-colour cue for charts."""

    id: str
    label: str
    meaning: str
    pattern: str


@dataclass(frozen=True)
class RatingScale:
    levels: tuple[RagLevel, ...]

    def level(self, rag: str) -> RagLevel:
        for level in self.levels:
            if level.id == rag:
                return level
        raise KeyError(f"no RAG level {rag!r}; expected one of {', '.join(RAG_VALUES)}")


@dataclass(frozen=True)
class Checklist:
    version: str
    title: str
    source: str
    purpose: str
    scale: RatingScale
    factors: tuple[Section, ...]
    practices: tuple[Section, ...] = ()

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.factors + self.practices

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"no checklist section {section_id!r}")

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def item_ids(self) -> tuple[str, ...]:
        """Every ratable id in display order: each section id followed by its question ids."""
        return tuple(i for s in self.sections for i in (s.id, *(q.id for q in s.questions)))

    def title_of(self, item_id: str) -> str:
        """A section's title, or a question's text; unknown ids come back unchanged."""
        for section in self.sections:
            if section.id == item_id:
                return section.title
            for question in section.questions:
                if question.id == item_id:
                    return question.text
        return item_id

    def to_data(self) -> dict[str, Any]:
        """The definition as plain data (for `readiness template --format json` and the API)."""
        return {
            "version": self.version,
            "title": self.title,
            "source": self.source,
            "purpose": self.purpose,
            "scale": [vars(level).copy() for level in self.scale.levels],
            "factors": [_section_data(s) for s in self.factors],
            "practices": [_section_data(s) for s in self.practices],
        }


def _section_data(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "title": section.title,
        "kind": section.kind,
        "optional": section.optional,
        "prompt": section.prompt,
        "why": section.why,
        "questions": [
            {"id": q.id, "text": q.text, **({"linter_families": list(q.linter_families)} if q.linter_families else {})}
            for q in section.questions
        ],
    }


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ChecklistError(f"{where}.{key}: expected a non-empty string, got {value!r}")
    return " ".join(value.split())


def _question(data: Any, section_id: str, where: str) -> Question:
    if not isinstance(data, Mapping):
        raise ChecklistError(f"{where}: expected a mapping with id and text")
    qid = _text(data, "id", where)
    if not re.fullmatch(rf"{re.escape(section_id)}\.q[1-9][0-9]*", qid):
        raise ChecklistError(f"{where}.id: {qid!r} should look like {section_id}.q<number>")
    families = data.get("linter_families", [])
    if not isinstance(families, list) or not all(isinstance(f, str) and f.isupper() for f in families):
        raise ChecklistError(f"{where}.linter_families: expected a list of upper-case family names")
    return Question(qid, _text(data, "text", where), tuple(families))


def _section(data: Any, kind: str, where: str) -> Section:
    if not isinstance(data, Mapping):
        raise ChecklistError(f"{where}: expected a mapping")
    sid = _text(data, "id", where)
    if not _SECTION_ID.match(sid):
        raise ChecklistError(f"{where}.id: {sid!r} should be lower_snake_case")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise ChecklistError(f"{where}.questions: a section needs at least one question")
    return Section(
        id=sid,
        title=_text(data, "title", where),
        prompt=_text(data, "prompt", where),
        why=_text(data, "why", where),
        questions=tuple(_question(q, sid, f"{where}.questions[{i}]") for i, q in enumerate(questions)),
        kind=kind,
        optional=bool(data.get("optional", kind == "practice")),
    )


def _level(data: Any, where: str) -> RagLevel:
    if not isinstance(data, Mapping):
        raise ChecklistError(f"{where}: expected a mapping")
    return RagLevel(*(_text(data, key, where) for key in ("id", "label", "meaning", "pattern")))


def checklist_from_data(data: Any, origin: str = "checklist") -> Checklist:
    """Validate parsed YAML; every error names `origin` and the field path."""
    if not isinstance(data, Mapping):
        raise ChecklistError(f"{origin}: expected a mapping at the top level")
    scale_data = data.get("scale")
    if not isinstance(scale_data, list):
        raise ChecklistError(f"{origin}.scale: expected a list of levels")
    levels = tuple(_level(lv, f"{origin}.scale[{i}]") for i, lv in enumerate(scale_data))
    if tuple(lv.id for lv in levels) != RAG_VALUES:
        raise ChecklistError(f"{origin}.scale: levels must be exactly {', '.join(RAG_VALUES)} in that order")
    sections = {
        kind: tuple(_section(s, kind[:-1], f"{origin}.{kind}[{i}]")
                    for i, s in enumerate(data.get(kind) or []))
        for kind in ("factors", "practices")
    }
    checklist = Checklist(
        version=str(data.get("version") or ""),
        title=_text(data, "title", origin),
        source=_text(data, "source", origin),
        purpose=_text(data, "purpose", origin),
        scale=RatingScale(levels),
        factors=sections["factors"],
        practices=sections["practices"],
    )
    if not checklist.version:
        raise ChecklistError(f"{origin}.version: required")
    if not checklist.factors:
        raise ChecklistError(f"{origin}.factors: at least one factor is required")
    seen: set[str] = set()
    for item_id in checklist.item_ids():
        if item_id in seen:
            raise ChecklistError(f"{origin}: duplicate id {item_id!r}")
        seen.add(item_id)
    return checklist


def load_checklist(path: Path | str | None = None) -> Checklist:
    """The bundled checklist (cached), or one read from `path`."""
    if path is None:
        return _default_checklist()
    return _read(Path(path))


@lru_cache(maxsize=1)
def _default_checklist() -> Checklist:
    return _read(DEFAULT_PATH)


def _read(path: Path) -> Checklist:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ChecklistError(f"{path}: not valid YAML: {exc}") from None
    return checklist_from_data(data, str(path))
