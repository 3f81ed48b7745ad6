"""Facts weighed from the signal tally: regime, authority, contract type, procedure, document types,
IT, the dollar meant, a lone schedule. Each is the strongest value with enough weight, not the first hit."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Mapping

from ..analysis import Analysis, Sentence
from .dates import DateCue, issue_date
from .facts import FOUND, PA_2023_COMMENCEMENT, Fact, short_quote
from .tally import Tally

# IT words per 1,000 words; a weak word ("system", "application") counts a quarter. Calibrated on the
# corpus: facilities specifications score about 2 (hundreds of "building management systems"), IT
# statements of requirements 3 to 25.
IT_DENSITY = 2.5
IT_WEAK_SHARE = 0.25
IT_MIN_TERMS = 6
CPV = re.compile(r"\b(\d{2})(\d)\d{5}(?:-\d)?\b")
_CPV_IT = ("48", "72")  # software; IT services. 30.2 (computer equipment) is checked by digits.


def regime(tally: Tally, dated: list[DateCue]) -> Fact | None:
    """Non-UK when non-UK markers clearly outweigh UK ones; then statute, vocabulary, date.

    Explicit statutes count 5 times a marker. Between the UK regimes an explicit statute beats
    vocabulary; when both statutes are named (a transitional document) the issue date decides,
    else the more-mentioned one. Vocabulary alone decides only when one side has more of it.
    """
    uk = tally.get("country", "uk") + 5 * (tally.get("statute", "pa-2023") + tally.get("statute", "pcr-2015"))
    uk += tally.get("vocab", "pa-2023") + tally.get("vocab", "pcr-2015")
    non_uk = tally.get("country", "non-uk") + 5 * tally.get("statute", "non-uk")
    if non_uk >= 3 and non_uk > 2 * uk:
        return tally.fact("statute" if tally.get("statute", "non-uk") else "country", "non-uk", "regime")
    pa, pcr = tally.get("statute", "pa-2023"), tally.get("statute", "pcr-2015")
    if pa and pcr:
        issued = issue_date(dated)
        if issued is not None:
            winner = "pa-2023" if issued >= PA_2023_COMMENCEMENT else "pcr-2015"
        else:
            winner = "pa-2023" if pa >= pcr else "pcr-2015"
        return tally.fact("statute", winner, "regime")
    if pa or pcr:
        return tally.fact("statute", "pa-2023" if pa else "pcr-2015", "regime")
    pa_v, pcr_v = tally.get("vocab", "pa-2023"), tally.get("vocab", "pcr-2015")
    if pa_v != pcr_v:
        winner = "pa-2023" if pa_v > pcr_v else "pcr-2015"
        return tally.fact("vocab", winner, "regime")
    return None


def authority(tally: Tally, facts: Mapping[str, Fact]) -> Fact | None:
    """UK authority categories; a US "City Council" is not a sub-central UK authority."""
    if facts.get("regime") and facts["regime"].value == "non-uk":
        return None
    return _strongest(tally, "authority_type", minimum=2.0)


def lone_schedule(tally: Tally, analysis: Analysis) -> Fact | None:
    """A schedule published on its own ("Call-Off Schedule 2 (Staff Transfer)"), or a surveillance or
    quality-assurance plan: its title names a schedule and not the terms themselves. Contract-level
    absence rules (no exit plan, no cap, no purchase-to-pay) are not judged on it (catalogue §0.5
    item 15): the core terms hold those; nor are a specification's (item 14): the SOW holds those."""
    if tally.title.get(("terms_part", "schedule")) and not tally.title.get(("terms_part", "core")):
        evidence = tally.fact("terms_part", "schedule", "lone_schedule")
        return replace(evidence, value=True)
    return _plan(analysis, "lone_schedule")


def _plan(analysis: Analysis, fact: str) -> Fact | None:
    """`fact` is true, quoting the block near the top whose opening words name the document a
    surveillance or quality-assurance plan (a title at the block's start, however long it runs on)."""
    block = next((b for b in analysis.document.blocks[:_PART_ZONE] if _PLAN_TITLE.match(_as_title(b.text))), None)
    return Fact(fact, True, FOUND, short_quote(block.text), block.start) if block else None


_FILE_NUMBER = re.compile(r"^\s*\d{1,6}[_\s-]+")


def _as_title(text: str) -> str:
    """A title as words: a file name used as the title ("1930_Quality_Assurance_Plan_QASP_for_...")
    spells its spaces as underscores and may open with the file's number."""
    if "_" not in text[:80]:
        return text
    return _FILE_NUMBER.sub("", text.replace("_", " "), count=1)


# "Attachment 2 – Statement of Requirements", "Enclosure 2 Background ...", "RFP No. 2026-12 Addendum 01":
# the document names itself as a part of a solicitation published with others.
_PART_OF = re.compile(
    r"\b(?:attachment|enclosure|addendum|annex|appendix|exhibit)\s+(?:no\.?\s*)?(?:\d{1,3}|[A-Z])\b(?![.\d])",
    re.I,
)
# A contract schedule that says how the work will be watched and scored after award, named at the top
_PLAN_TITLE = re.compile(
    r"\s*(?:(?-i:[A-Z]{2,})(?:['’]?s)?\s+)?(?:(?:sample|draft|final)\s+)?(?:software\s+)?(?:quality\s+assurance\s+(?:surveillance\s+)?plan|surveillance\s+plan|"
    r"QASP\b|award[\s-]+(?:term|fee)\s+(?:evaluation\s+)?plan|performance\s+evaluation\s+plan)",
    re.I,
)
_PART_ZONE = 4  # blocks from the top; a part names itself first, where an invitation's contents list would not
# ... unless the part is itself the invitation: "Attachment 2 – How to Bid", "Annex A: Instructions to Bidders"
_INVITATION_PART = re.compile(
    r"how to (?:bid|tender|apply|respond)|instructions (?:to|for)|invitation to|request for (?:proposals?|quot|tenders?|bids?)"
    r"|conditions of (?:tender|tendering)|rules of the competition",
    re.I,
)
_CONTENTS_LINE = re.compile(r"\.{5,}|\u2026{2,}")
# ... or a package that opens with an attachment but holds the invitation too (a solicitation file
# starting with "Attachment 1 HIPAA requirements" and carrying "Instructions to Offerors" further on)
_INVITATION_HEADING = re.compile(
    r"instructions\s+to\s+(?:offerors?|bidders?|tenderers?|proposers?|respondents?|quoters?|vendors?)"
    r"|evaluation\s+(?:factors|criteria)|basis\s+for\s+award|invitation\s+to\s+tender"
    r"|request\s+for\s+(?:proposals?|quotations?|tenders?)",
    re.I,
)
_HEADING_CHARS = 120


def attachment(analysis: Analysis) -> Fact | None:
    """The document is an attachment, enclosure or addendum of a solicitation, not the invitation itself:
    invitation-level absences (no value stated, no market engagement) are judged on the invitation
    (catalogue §0.5 item 14). A surveillance or quality-assurance plan is one whatever it calls itself:
    it is a schedule of the contract, read after award."""
    plan = _plan(analysis, "attachment")
    if plan:
        return plan
    for block in analysis.document.blocks[:_PART_ZONE]:
        text = block.text
        if len(text) > 240 or _CONTENTS_LINE.search(text):
            continue
        match = _PART_OF.search(text)
        if match and not _INVITATION_PART.search(text, match.end()):
            if any(
                len(later.text) < _HEADING_CHARS and _INVITATION_HEADING.search(later.text)
                for later in analysis.document.blocks[_PART_ZONE:]
            ):
                return None
            return Fact("attachment", True, FOUND, short_quote(text), block.start)
    return None


def dollar(tally: Tally) -> Fact | None:
    """Which dollar a bare "$" means (CAD in a Canadian tender); unknown dollars are read as USD."""
    return _strongest(tally, "dollar", minimum=2.0, order=("USD", "CAD", "AUD", "NZD"))


def _strongest(tally: Tally, fact: str, minimum: float = 1.0, order: Iterable[str] = ()) -> Fact | None:
    """The highest-scoring value (ties go to the earlier value in `order`), if it scores enough."""
    scores = tally.values(fact)
    if not scores:
        return None
    rank = {value: i for i, value in enumerate(order)}
    value = max(scores, key=lambda v: (scores[v], -rank.get(v, len(rank))))
    return tally.fact(fact, value) if scores[value] >= minimum else None


_CONTRACT_PRIORITY = ("dps", "concession", "light-touch", "works", "framework")


def contract_type(tally: Tally, cpv: list[tuple[str, Sentence]]) -> Fact | None:
    """The most specific type with real weight; CPV division 45 means works. Else goods vs services."""
    for code, sentence in cpv:
        if code.startswith("45"):
            return Fact("contract_type", "works", FOUND, short_quote(sentence.text), sentence.start_char)
    for value in _CONTRACT_PRIORITY:
        if tally.get("contract_type", value) >= 3:
            return tally.fact("contract_type", value)
    goods, services = tally.get("contract_type", "goods"), tally.get("contract_type", "services")
    if goods or services:
        return tally.fact("contract_type", "goods" if goods > services else "services")
    return None


_PROCEDURE_ORDER = (
    "competitive-flexible", "competitive-procedure-with-negotiation", "competitive-dialogue", "restricted",
    "open", "dps", "direct-award", "call-off", "below-threshold-rfq",
)


def procedure(tally: Tally) -> Fact | None:
    return _strongest(tally, "procedure", order=_PROCEDURE_ORDER)


DOC_TYPE_MIN = 6.0  # a title mention, three headings or six body mentions
ITT_STRUCTURE_MIN = 4.0  # e.g. a "Solicitation Schedule" heading, "Proposals due" and "evaluation criteria"
DOC_TYPE_SHARE = 0.5  # of the strongest type's weight, for a type named only in the body
# An invitation whose specification is most of its pages ("Section C" of a US solicitation) still
# names itself a solicitation dozens of times; so many mentions make it an invitation whatever the share.
ITT_MANY = 40.0


def doc_types(tally: Tally) -> Fact | None:
    """Types named in the title, plus any other type weighing at least half the strongest.

    A long specification quotes "Call-Off Contract" and "guidance" often; relative weight keeps
    those from each becoming a document type of their own.
    """
    scores = tally.values("doc_types")
    if not scores:
        return None
    top = max(scores.values())
    chosen = [
        v for v in scores
        if tally.title.get(("doc_types", v))
        or (scores[v] >= DOC_TYPE_MIN and scores[v] >= DOC_TYPE_SHARE * top)
        or (v == "ITT" and scores[v] >= ITT_MANY)
    ]
    if not chosen:
        best = max(scores, key=lambda v: scores[v])
        chosen = [best] if scores[best] >= 2 else []
    # A request for information that is the strongest type, and is not titled an invitation, is market
    # research: the solicitation it talks about is a later one, and its "responses due" is no bid date.
    # A justification for buying without competition records a decision and invites no bids, likewise.
    if (chosen and max(chosen, key=lambda v: scores.get(v, 0.0)) in ("RFI", "JUSTIFICATION")
            and not tally.title.get(("doc_types", "ITT"))):
        chosen = [v for v in chosen if v != "ITT"]
    # A specification or questionnaire with a solicitation timetable and award criteria is answered
    # by bidders, so it reads as an invitation too; contract terms quoting "award criteria" do not.
    elif "ITT" not in chosen and (set(chosen) - {"TC"} or not chosen):
        if tally.get("itt_structure", "ITT") >= ITT_STRUCTURE_MIN:
            chosen.append("ITT")
    if not chosen:
        return None
    chosen.sort(key=lambda v: -scores.get(v, 0.0))
    first = tally.fact("doc_types" if scores.get(chosen[0]) else "itt_structure", chosen[0])
    return Fact("doc_types", chosen, FOUND, first.quote, first.start)


# An invitation carrying its own statement of work names it in a few headings ("Attachment 1:
# Statement of Work"), which the share test of `doc_types` puts behind its many mentions of
# "solicitation"; the weight that makes a type on its own (three headings) says the specification is there.
SPEC_IN_ITT_MIN = DOC_TYPE_MIN


def holds_spec(tally: Tally, types: Fact | None) -> Fact | None:
    """An invitation that holds its own specification: the rules that judge a specification's content
    (volumes, term, outcomes) run on it too (catalogue §0.5 item 14), the others do not."""
    chosen = types.value if types is not None else []
    if "ITT" not in chosen or "SPEC" in chosen or tally.values("doc_types").get("SPEC", 0.0) < SPEC_IN_ITT_MIN:
        return None
    evidence = tally.fact("doc_types", "SPEC")
    return Fact("holds_spec", True, FOUND, evidence.quote, evidence.start)


def is_it(tally: Tally, cpv: list[tuple[str, Sentence]], analysis: Analysis) -> Fact:
    """CPV 48, 72 or 30.2 decide; else IT words per 1,000 words against `IT_DENSITY`.

    Density, not presence: a facilities specification mentions building management systems and
    a helpdesk portal, but far less often per word than an IT statement of requirements does.
    """
    for code, sentence in cpv:
        if code[:2] in _CPV_IT or code.startswith("302"):
            return Fact("is_it", True, FOUND, short_quote(sentence.text), sentence.start_char)
    words = max(1, analysis.document.word_count)
    terms = tally.count.get(("it", "strong"), 0) + tally.count.get(("it", "weak"), 0) * IT_WEAK_SHARE
    density = 1000 * terms / words
    verdict = terms >= IT_MIN_TERMS and density >= IT_DENSITY
    note = (
        f"IT vocabulary: {terms:g} weighted terms in {words:,} words "
        f"({density:.1f} per 1,000; threshold {IT_DENSITY:g})"
    )
    return Fact("is_it", verdict, FOUND, note, None)
