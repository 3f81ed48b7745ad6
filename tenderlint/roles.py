"""Who must do what: the role a sentence plays in a tender.

A figure only matters to a selection or process rule when it is demanded of bidders. The same
"turnover of more than £36 million" is a requirement in "Bidders must have a turnover of...", a
statement about another law in "Under the Companies Act, a company with a turnover of more than
£36 million must publish...", and a definition in "A small business means an enterprise whose
turnover does not exceed £10.2 million". Rules say which roles they judge (`Check.skip_roles`);
this module decides the role, from the words alone (the pipeline has no parser), once per sentence.

Roles, tried in this order (the first that applies wins):
- `definition`: "X means ...", "'X' is defined as ...", "X shall have the meaning ...";
- `example`: an illustration ("For example, ...", "e.g. ...") or a sample answer;
- `law`: a description of the law or of someone outside the tender ("Under section 54 of the
  Modern Slavery Act, organisations with a turnover of £36m must ...", "The Regulations require
  ...", "Employers must ..."), not a duty this tender places on its own parties;
- `demand`: something the bidder or supplier must do, have or give (a modal duty on them, a
  passive requirement, an imperative instruction, or the buyer requiring it of them);
- `buyer`: the buyer's own commitment or right ("The Council will pay ...", "We reserve the right");
- `statement`: anything else (facts, descriptions, and verbless form fields such as "Minimum
  turnover: £2m", which rules must still read as demands when they name a requirement).

Beside these, read from where the sentence stands rather than its words (`sentence_role`):
- `guidance`: drafting guidance inside a template's brackets ("[Insert the qualifications for all
  key personnel, i.e., ... must have 15 years ...]"): what a drafter may write, not what this
  tender asks. The unfilled bracket itself is PP-PROC-009's to report.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING

from .model import BlockKind

if TYPE_CHECKING:
    from .analysis import Analysis, Sentence


class Role(str, Enum):
    DEFINITION = "definition"
    EXAMPLE = "example"
    LAW = "law"
    DEMAND = "demand"
    BUYER = "buyer"
    STATEMENT = "statement"
    GUIDANCE = "guidance"


# Roles that state no requirement or fact of this tender: no rule reads them by default.
NOT_OF_THIS_TENDER = frozenset({Role.LAW, Role.GUIDANCE})
# Roles whose figures are not demands on bidders: selection and threshold rules skip them too.
NOT_REQUIREMENTS = frozenset({Role.LAW, Role.EXAMPLE, Role.DEFINITION, Role.GUIDANCE})

_BIDDER = (
    r"bidders?|tenderers?|offerors?|proposers?|respondents?|applicants?|candidates?|suppliers?|contractors?|"
    r"vendors?|consultants?|(?:service\s+)?providers?|proponents?|quoters?|economic\s+operators?|"
    r"sub-?contractors?|you|your\s+(?:organi[sz]ation|company|firm|business|team)|firms?|"
    r"(?:the\s+)?(?:successful|winning|preferred|selected|awarded)\s+\w+|developers?|operators?|"
    r"potential\s+providers?|participants?|lessees?|licensees?|sellers?|partners?|the\s+company|consortia|consortium"
)
_SUBMISSION = (
    r"tenders?|bids?|proposals?|submissions?|responses?|quotes?|quotations?|offers?|applications?|"
    r"expressions?\s+of\s+interest|insurances?|cover|evidence|certificates?|accounts|references?|"
    r"turnover|staff|personnel|resources?|key\s+personnel|the\s+team|all\s+work|work|services?|deliverables?|"
    r"each\s+\w+|all\s+\w+"
)
_BUYER = (
    r"authority|council|buyer|customer|we|us|county|city|state|government|department|agency|"
    r"purchaser|owner|commission|university|board|client|issuer|province|region|crown|trust|ccs|"
    r"contracting\s+(?:authority|body|officer|entity)|procurement\s+(?:officer|team|department)|"
    r"commonwealth|district|port\s+authority|ministry|division|corporation|municipality|town|"
    r"employer|administration|office|institution|college|school|agencies|authorities|councils|"
    r"canada|(?:her|his)\s+majesty"
)
_DETERMINER = r"(?:the|a|an|each|all|any|every|our|its|their|this|that|such|no|both|either)\s+"
_MODAL = re.compile(
    r"\b(?:must|shall|will|should|may|can(?:not)?|is\s+to|are\s+to|needs?\s+to|ha(?:s|ve)\s+to|"
    r"(?:is|are|will\s+be|shall\s+be|must\s+be)\s+(?:required|expected|obliged|requested|asked)\s+to|"
    r"agrees?\s+to|undertakes?\s+to|reserves?\s+the\s+right|(?:is|are)\s+(?:required|mandatory|essential))\b",
    re.I,
)
_PASSIVE_DEMAND = re.compile(
    r"\b(?:is|are|will\s+be|shall\s+be|must\s+be|should\s+be)\s+(?:required|mandatory|essential|expected|needed|"
    r"demanded|requested|necessary)\b|\b(?:minimum|at\s+least|not\s+less\s+than|no\s+less\s+than)\b",
    re.I,
)
_BUYER_ASKS = re.compile(r"^\W*(?:not\s+)?(?:require|requires|expect|expects|ask|asks|request|requests|need|needs|seek|seeks|demand|demands|insist)\b", re.I)
_IMPERATIVE = re.compile(
    r"^\W*(?:\(?[a-z0-9]{1,4}[.)]\s+)?(?:please\s+)?(?:provide|submit|include|state|describe|detail|give|"
    r"supply|confirm|attach|demonstrate|list|explain|complete|return|upload|ensure|send|deliver|hold|"
    r"maintain|obtain|carry|outline|identify|indicate|set\s+out|tell\s+us|show)\b",
    re.I,
)

_DEFINITION = re.compile(
    r"""^\W{0,3}(?:\(?[a-z0-9.]{1,6}\)?\s+)?               # an optional item label
        (?:["“‘'][^"”’']{1,80}["”’']|[\w\-/&,'’ ]{0,70}?)     # the term, quoted or not (a definitions
                                                           # table puts it in the cell before "means")
        \s*(?:\([^)]{0,60}\)\s*)?                          # ("the Buyer")
        (?:means|shall\s+mean|mean|is\s+defined\s+as|are\s+defined\s+as|shall\s+have\s+the\s+meaning|
           has\s+the\s+meaning|have\s+the\s+meaning|refers\s+to|is\s+a\s+reference\s+to)\b(?!\s+(?:that|of)\b)""",
    re.I | re.X,
)
_QUOTED_TERM_MEANS = re.compile(r"[\"“][^\"”]{1,60}[\"”]\s*(?:\([^)]{0,40}\)\s*)?(?:means|shall\s+mean|has\s+the\s+meaning|is\s+defined)\b", re.I)
_EXAMPLE = re.compile(
    r"^\W{0,3}(?:(?:for\s+(?:example|instance)|illustration|sample\s+(?:answer|response)|an\s+example\s+(?:of|would\s+be)|"
    r"such\s+as\s+where)\b|e\.\s?g\.|examples?(?:\s+\d+)?\s*[:.\-–])",
    re.I,
)
_INSTRUMENT = re.compile(
    r"\b(?:act|acts|regulations?|directive|statute|statutory|code\s+of\s+practice|order\s+\d{4}|law|laws|legislation|"
    r"u\.?\s?s\.?\s?c\.?|c\.?\s?f\.?\s?r\.?|far|dfars|ordinance|by-?law|treaty|convention|section\s+\d+|"
    r"regulation\s+\d+|s\.\s?\d+|reg\.?\s+\d+|ppn|procurement\s+policy\s+note|guidance)\b",
    re.I,
)
_LAW_OPENING = re.compile(
    r"^\W{0,3}(?:\(?[a-z0-9.]{1,6}\)?\s+)?(?:under|according\s+to|pursuant\s+to|by\s+virtue\s+of|as\s+(?:set\s+out|required|provided)\s+(?:in|by)|"
    r"in\s+line\s+with|the\s+law|by\s+law)\b",
    re.I,
)
_LAW_SUBJECT_VERBS = re.compile(
    r"\b(?:act|regulations?|directive|statute|legislation|law|section\s+\d+\w*|regulation\s+\d+\w*|ppn\s*[\d/]+|"
    r"procurement\s+policy\s+note|guidance|code)\s*(?:\([^)]{0,40}\)\s*)?(?:\d{4}\s+)?(?:requires?|provides?|states?|says|"
    r"sets?\s+out|defines?|prohibits?|allows?|permits?|imposes?|applies|introduced?|gives?|obliges?|places?|makes?)\b",
    re.I,
)
# A law that "provides that" someone must act: the duty inside is the law's, whoever it binds ("HRS
# Section 103-10 provides that the State shall have thirty days ..."). The law is named by an Act,
# regulation or statute, or by a code's initials before its section ("HRS Section 103-10", "RCW 39.76");
# a standard ("ISO 9001 requires that ...") is not a law, and what it requires is this tender's demand.
_LAW_THAT = re.compile(
    r"(?:\b(?:act|regulations?|directive|statute|legislation|law)\b[^.;:]{0,60}?"
    r"|(?-i:\b(?!ISO|BS|EN|IEC|IEEE|ANSI|NIST|ASTM|NFPA|PAS|SP\b)[A-Z]{2,6})\s+(?:section|sec\.|§)?\s*\d[\w.\-()]*"
    r"|\b\d+\s+(?:u\.?\s?s\.?\s?c|c\.?\s?f\.?\s?r)\.?\s*§*\s*[\w.\-()]+)"
    r"\s*,?\s*(?:provides?|requires?|states?|stipulates?|mandates?|says)\s+that\b",
    re.I,
)
_GENERIC_SUBJECT = re.compile(
    r"^\W{0,3}(?:\(?[a-z0-9.]{1,6}\)?\s+)?(?:(?:under|in)\s+[^,]{1,120},\s*)?(?:a|an|all|any|every|some|large|small|relevant|qualifying|commercial)?\s*"
    r"(?:compan(?:y|ies)|organi[sz]ations?|business(?:es)?|employers?|enterprises?|entities|entity|"
    r"persons?|individuals?|undertakings?|bodies|body|charities|charity|partnerships?|micro[-\s]entities)\b",
    re.I,
)


_DEFINITION_WORDS = ("mean", "defined", "refers to", "reference to")
# A negative opening puts the subject after the modal: "In no event shall the County be liable".
_INVERTED = re.compile(r"\b(?:in\s+no\s+(?:event|case|circumstances?)|under\s+no\s+circumstances?|at\s+no\s+time|nor|neither)\s*,?\s*$")


def _lead(text: str, end: int) -> str:
    """The words before position `end`, normalised for subject tests."""
    return " ".join(text[:end].split()).lower()


def classify(text: str) -> Role:
    """The role of one sentence (or clause unit, joined) from its words."""
    head = text[:400]
    lowered = head.lower()
    # cheap substring tests first: the full patterns are costly, and most sentences fail them
    if any(word in lowered for word in _DEFINITION_WORDS) and (
        _DEFINITION.match(head) or _QUOTED_TERM_MEANS.search(head[:160])
    ):
        return Role.DEFINITION
    if _EXAMPLE.match(head):
        return Role.EXAMPLE
    governed = _LAW_THAT.search(head[:200]) if "that" in lowered else None  # read once, passed on
    if (governed or _INSTRUMENT.search(head)) and _is_law(head, governed):
        return Role.LAW
    modal = _MODAL.search(head)
    if modal:
        before = _lead(head, modal.start())
        party = _subject_party(before)
        after = head[modal.end():]
        if not party and _INVERTED.search(before):
            party = _subject_party(_lead(after, 80))  # "In no event shall the County be liable"
        if party == "buyer":
            return Role.DEMAND if _BUYER_ASKS.match(after) else Role.BUYER
        if party in ("bidder", "submission"):
            return Role.DEMAND
        if _PASSIVE_DEMAND.search(head):
            return Role.DEMAND
        return Role.STATEMENT
    if _IMPERATIVE.match(head):
        return Role.DEMAND
    if _PASSIVE_DEMAND.search(head):
        return Role.DEMAND
    return Role.STATEMENT


_PARTIES = tuple(
    (name, re.compile(rf"\b(?:{_DETERMINER})?(?:{pattern})\b"))
    for name, pattern in (("bidder", _BIDDER), ("buyer", _BUYER), ("submission", _SUBMISSION))
)


def _subject_party(before: str) -> str:
    """Whose duty a modal states: the first party or submission named before it, if any."""
    words = before[-160:]
    found = [(match.start(), name) for name, pattern in _PARTIES if (match := pattern.search(words))]
    return min(found)[1] if found else ""


def _is_law(head: str, governed: re.Match[str] | None) -> bool:
    """A statement about the law or about people outside this tender, not a duty it imposes;
    `governed`: where a named law "provides that" (from `_LAW_THAT`), or None."""
    modal = _MODAL.search(head)
    if governed and (modal is None or governed.end() <= modal.start()):
        return True  # the modal states what the law provides
    if modal and _subject_party(_lead(head, modal.start())) in ("bidder", "buyer"):
        return False  # a duty of this tender's parties, whatever law it cites
    if _LAW_SUBJECT_VERBS.search(head[:200]):
        return True  # "The Regulations require ...", "Section 54 provides ..."
    if _LAW_OPENING.match(head) and _INSTRUMENT.search(head[:200]):
        return True  # "Under the Companies Act, a company with ... must publish ..."
    return bool(_GENERIC_SUBJECT.match(head) and _INSTRUMENT.search(head))


# Where a tender lists what a bid must contain: the items there are demanded with the bid, even when
# they are bare nouns ("Certificate of insurance", "Three years of audited accounts").
_SUBMISSION_LIST = re.compile(
    r"\b(?:checklist|check\s+list|submission\s+requirements?|submittal\s+requirements?|required\s+(?:documents|submittals|"
    r"submissions|forms|attachments|information)|proposal\s+(?:requirements|contents|content|format|submission|package)|"
    r"(?:contents?|format|organi[sz]ation)\s+of\s+(?:the\s+)?(?:proposal|response|submission|tender|bid|application)s?|"
    r"response\s+(?:requirements|format|contents)|tender\s+(?:requirements|contents)|documents?\s+to\s+be\s+"
    r"(?:submitted|included|provided|enclosed)|what\s+to\s+(?:submit|include)|(?:must|shall|should)\s+(?:include|contain|"
    r"provide|submit|attach|enclose)\s+(?:the\s+following|all\s+of\s+the\s+following)|(?:submit|include|attach|enclose|provide)"
    r"\s+the\s+following|(?:submitted|included|provided)\s+with\s+(?:the|your|each)\s+(?:proposal|bid|tender|response|"
    r"submission|application))\b",
    re.I,
)
_PLACED_KINDS = (BlockKind.LIST_ITEM, BlockKind.TABLE_CELL, BlockKind.PARAGRAPH)


def in_submission_list(analysis: "Analysis", sentence: "Sentence") -> bool:
    """The sentence is an item of a list of what bids must contain: its section heading or the
    lead-in of its clause says so ("Submission checklist", "The proposal must include the following:")."""
    return (
        _placed(analysis, sentence, _SUBMISSION_LIST)
        and not _placed(analysis, sentence, _PAYMENT_PAPERS)
        and not _placed(analysis, sentence, _AFTER_SELECTION)
    )


# What an invoice or a claim for payment must show ("Invoices shall include the following information:")
# is asked of the contractor when it bills, not of bidders.
_PAYMENT_PAPERS = re.compile(
    r"\b(?:invoices?|invoicing|credit\s+notes?|timesheets?|claims?\s+for\s+payment|payment\s+(?:applications?|claims?))\b",
    re.I,
)


# What only the chosen bidder sends, or any bidder only when asked ("If a proposal with subcontractors is
# selected, the offeror must provide ... within five working days of the state's request"), is not
# demanded with every bid (catalogue item 34).
_AFTER_SELECTION = re.compile(
    r"\b(?:is|are|been)\s+selected\b|\b(?:upon|on|after)\s+(?:the\s+)?(?:\w+'s\s+)?request\b|"
    r"\bdate\s+of\s+(?:the\s+)?\w+(?:'s)?\s+request\b|\bsuccessful\s+(?:bidder|offeror|tenderer|proposer|respondent|supplier|vendor)s?\b|"
    r"\b(?:after|following|prior\s+to|before)\s+(?:the\s+)?(?:contract\s+)?award\b",
    re.I,
)


# Headings of the part of a tender that says how bids are scored.
_SCORED_SECTION = re.compile(
    r"\b(?:evaluation|evaluated|scoring|scored|award\s+criteria|selection\s+criteria|assessment\s+criteria|"
    r"basis\s+of\s+award|weighting|points)\b",
    re.I,
)
# A lead-in that announces the criteria without naming evaluation ("shall take into consideration
# the following technical criteria listed in order of importance").
_CRITERIA_FOLLOW = re.compile(r"\bfollowing\s+(?:\w+\s+){0,2}(?:criteria|factors)\b", re.I)


def in_scored_section(analysis: "Analysis", sentence: "Sentence") -> bool:
    """The sentence stands under a heading about evaluation ("5. Evaluation criteria", "Scoring"), or
    in a clause whose lead-in says it is scored: what it asks for is marked, not merely asked."""
    return _placed(analysis, sentence, _SCORED_SECTION, _CRITERIA_FOLLOW)


def _placed(analysis: "Analysis", sentence: "Sentence", place: re.Pattern[str], lead_in: re.Pattern[str] | None = None) -> bool:
    """Body text whose nearest two section titles, or the lead-in of its clause, match `place`, or
    (when `lead_in` is given) a list item announced shortly before by a sentence matching `place`
    and naming what follows, or matching `lead_in`; computed once per document, sentence and place."""
    cache: dict[tuple[int, str], bool] = analysis.__dict__.setdefault("_placed", {})
    key = (sentence.index, place.pattern)
    found = cache.get(key)
    if found is None:
        block = analysis.document.blocks[sentence.block] if sentence.block is not None else None
        found = block is not None and block.kind in _PLACED_KINDS and (
            any(place.search(title) for title in block.section[-2:])
            or any(
                len(unit) > 1 and unit[0] is not sentence and place.search(unit[0].text)
                for unit in analysis.clause_units_holding([sentence.index])
            )
            or (lead_in is not None and _announced(analysis, sentence, place, lead_in))
        )
        cache[key] = found
    return found


# An item of a list ("3. Resources and personnel - ...", "B. Experience of the firm") whose lead-in
# announced it a few sentences earlier in the same section ("will be evaluated using the following
# criteria, in descending order of importance", then a note, then the items as separate paragraphs).
_ITEM_START = re.compile(r"^\W{0,2}(?:\d{1,2}|[A-Za-z]|[ivxIVX]{1,4})[.)]\s")
_ANNOUNCES = re.compile(r"\b(?:following|below|as\s+follows)\b", re.I)
_ANNOUNCEMENT_REACH = 8  # sentences back: the items before this one and a note between lead-in and list


def _announced(analysis: "Analysis", sentence: "Sentence", place: re.Pattern[str], lead_in: re.Pattern[str]) -> bool:
    """A list item whose lead-in stands up to _ANNOUNCEMENT_REACH sentences earlier in its section."""
    blocks = analysis.document.blocks
    block = blocks[sentence.block] if sentence.block is not None else None
    if block is None or not (block.kind in (BlockKind.LIST_ITEM, BlockKind.TABLE_CELL) or _ITEM_START.match(block.text)):
        return False
    for earlier in reversed(analysis.sentences[max(0, sentence.index - _ANNOUNCEMENT_REACH):sentence.index]):
        holder = blocks[earlier.block] if earlier.block is not None else None
        if holder is not None and holder.kind is BlockKind.HEADER_FOOTER:
            continue  # a running header between the lead-in and its items
        if holder is None or holder.kind is BlockKind.HEADING or holder.section != block.section:
            return False
        if (place.search(earlier.text) and _ANNOUNCES.search(earlier.text)) or lead_in.search(earlier.text):
            return True
    return False


def sentence_role(analysis: "Analysis", sentence: "Sentence") -> Role:
    """The sentence's role, computed once per document and sentence."""
    cache: dict[int, Role] = analysis.__dict__.setdefault("_roles", {})
    role = cache.get(sentence.index)
    if role is None:
        role = classify(sentence.text)
        if role is not Role.DEFINITION and _in_guidance(analysis.document.text, sentence.start_char, sentence.end_char):
            role = Role.GUIDANCE
        cache[sentence.index] = role
    return role


# A template's drafting bracket opens with an instruction to the drafter: "[Insert", "[Describe".
_GUIDANCE_OPENER = re.compile(
    r"\[\s*(?:insert|enter|describe|specify|state|list|add|include|identify|provide|select|choose|complete|"
    r"fill\s+in|delete|edit|tailor|explain)\b",
    re.I,
)
_GUIDANCE_REACH = 3000  # characters: a bracket open longer than this is a stray "[", not guidance


def _in_guidance(text: str, start: int, end: int) -> bool:
    """Most of the sentence lies inside drafting brackets ("[Insert ...]"), whether it opens inside
    one or opens one and runs on in it; a "[" left open for longer than the reach is stray."""
    inside = 0
    opened = text.rfind("[", max(0, start - _GUIDANCE_REACH), start + 1)
    if opened < 0 or "]" in text[opened:start]:
        opened = text.find("[", start, end)
    while 0 <= opened < end:
        closed = text.find("]", opened, opened + _GUIDANCE_REACH)
        if closed == -1:
            closed = len(text) if opened + _GUIDANCE_REACH >= len(text) else opened  # stray: counts nothing
        if _GUIDANCE_OPENER.match(text, opened):
            inside += max(0, min(closed, end) - max(opened, start))
        opened = text.find("[", max(closed, opened + 1), end)
    return 2 * inside > end - start
