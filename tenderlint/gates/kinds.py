"""The closed set of gate detectors: one function per kind, each reading one demand sentence.

Each detector gets a sentence already judged a demand (not a definition, an example or a statement
of law: see `extract`) and returns the gates it states. Figures come from `quantities`, so "£5m",
"five million pounds" and "twice the contract value" are read alike; a figure introduced as a
ceiling ("up to £5m", "not exceeding £100,000") is a limit on something else, not a demand.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Iterator

from ..model import Location
from ..quantities import Quantity, find_durations, find_money, find_multiples, parse_number_words
from .model import Gate, GateKind
from .profile import INSURANCE_TYPES

Detector = Callable[[str, Location], Iterator[Gate]]

_CEILING = re.compile(
    r"(?:up\s+to|not\s+(?:to\s+)?exceed(?:ing)?|does\s+not\s+exceed|no\s+(?:more|greater)\s+than|less\s+than|below|under|"
    r"maximum(?:\s+of)?|at\s+most|capped\s+at|limited\s+to|cap\s+of|shall\s+not\s+exceed|must\s+not\s+exceed)\W*$",
    re.I,
)
_OR_EQUIVALENT = re.compile(r"\bor\s+(?:an?\s+)?equivalent\b|\bequivalent\s+(?:standard|certification|accreditation|scheme)", re.I)
_OPTIONAL = re.compile(r"\b(?:desirable|preferred|preferably|advantageous|would\s+be\s+an\s+advantage|ideally|may\s+be\s+(?:considered|taken))\b", re.I)


def _floor(text: str, quantity: Quantity) -> bool:
    """The figure is a minimum to meet, not a ceiling on something else ("up to £5m")."""
    return not _CEILING.search(text[max(0, quantity.start - 30) : quantity.start])


def _count(word: str) -> int:
    """ "3" or "three" -> 3; 0 for a word that is no number."""
    return int(word) if word.isdigit() else int(parse_number_words(word) or 0)


def _gate(kind: GateKind, text: str, location: Location, **values: object) -> Gate:
    return Gate(kind, text, location, mandatory=not _OPTIONAL.search(text),
                or_equivalent=bool(_OR_EQUIVALENT.search(text)), **values)  # type: ignore[arg-type]


# --- turnover ---------------------------------------------------------------------------------
_TURNOVER = re.compile(r"\b(?:turnover|annual\s+(?:revenue|sales)|gross\s+(?:revenue|receipts))\b", re.I)


def turnover(text: str, location: Location) -> Iterator[Gate]:
    if not _TURNOVER.search(text):
        return
    for money in find_money(text):
        if money.value and _floor(text, money):
            yield _gate(GateKind.TURNOVER, text, location, amount=money.value, currency=money.unit)
            return
    for multiple in find_multiples(text):
        if multiple.value and re.search(r"contract|value|price|bid|tender", text[multiple.end : multiple.end + 60], re.I):
            yield _gate(GateKind.TURNOVER, text, location, subject=f"{multiple.value:g} times the contract value",
                        notes=(f"multiple:{multiple.value:g}",))
            return


# --- insurance --------------------------------------------------------------------------------
_INSURANCE_WORD = re.compile(r"\binsurances?\b|\bindemnity\b|\bliability\s+(?:cover|of|insurance)\b|\bcover\b", re.I)
_TYPE_PATTERNS = [(name, re.compile(rf"\b(?:{pattern})\b", re.I)) for name, pattern in INSURANCE_TYPES.items()]
_AT_AWARD = re.compile(
    r"\b(?:successful|winning|preferred|awarded)\s+(?:bidder|tenderer|supplier|contractor|provider)|\b(?:prior\s+to|before|upon|"
    r"on|following|after|at)\s+(?:the\s+)?(?:contract\s+)?(?:award|commencement|signature|signing|start|execution)|"
    r"\bfrom\s+the\s+(?:contract\s+)?(?:start|commencement)|\b(?:throughout|during|for\s+the\s+(?:duration|term|life))\s+"
    r"(?:of\s+)?(?:the\s+)?(?:contract|agreement|term)|\bif\s+(?:you\s+are\s+)?(?:successful|awarded)|\bwill\s+be\s+required\s+to\s+obtain",
    re.I,
)
_AT_BID = re.compile(
    r"\b(?:with|in)\s+(?:your|the|their|its|each)\s+(?:bid|tender|response|submission|proposal|application|quotation)|"
    r"\bat\s+(?:the\s+)?(?:time\s+of\s+)?(?:bid|tender|submission|application)(?:\s+stage)?|\b(?:already|currently)\s+hold|"
    r"\b(?:provide|submit|attach|enclose|upload|include)\b[^.]{0,40}\b(?:copy|copies|certificates?|evidence|proof)\b|"
    r"\bevidence\s+of\b[^.]{0,40}insurance|\bmust\s+(?:currently\s+)?(?:hold|have)\b",
    re.I,
)


def insurance(text: str, location: Location) -> Iterator[Gate]:
    if not _INSURANCE_WORD.search(text):
        return
    monies = [m for m in find_money(text) if m.value and _floor(text, m)]
    if not monies:
        return
    stage = "award" if _AT_AWARD.search(text) else "bid" if _AT_BID.search(text) else ""
    named = sorted((match.start(), name) for name, pattern in _TYPE_PATTERNS for match in pattern.finditer(text))
    seen: set[str] = set()
    for position, name in named:
        if name in seen:
            continue
        # the amount that follows the type's name, or the last one before it ("£5m public liability")
        after = [m for m in monies if m.start >= position]
        before = [m for m in monies if m.end <= position]
        money = after[0] if after else before[-1] if before else None
        if money is None:
            continue
        seen.add(name)
        yield _gate(GateKind.INSURANCE, text, location, amount=money.value, currency=money.unit, subject=name, stage=stage)
    if not seen and re.search(r"\binsurances?\b", text, re.I):
        yield _gate(GateKind.INSURANCE, text, location, amount=monies[0].value, currency=monies[0].unit, subject="", stage=stage)


# --- accreditations -----------------------------------------------------------------------------
# Certificates a tender may demand, as (canonical name, pattern). Kept as data: a new scheme is a line.
CERTIFICATES: tuple[tuple[str, str], ...] = (
    ("ISO 9001", r"iso\s*/?\s*(?:iec\s*)?9001"),
    ("ISO 14001", r"iso\s*/?\s*14001"),
    ("ISO 27001", r"iso\s*/?\s*(?:iec\s*)?27001"),
    ("ISO 45001", r"iso\s*/?\s*45001"),
    ("ISO 20000", r"iso\s*/?\s*(?:iec\s*)?20000"),
    ("ISO 22301", r"iso\s*/?\s*22301"),
    ("OHSAS 18001", r"ohsas\s*18001"),
    ("Cyber Essentials Plus", r"cyber\s+essentials\s+plus"),
    ("Cyber Essentials", r"cyber\s+essentials(?!\s+plus)"),
    ("CHAS", r"\bchas\b"),
    ("SafeContractor", r"safe\s?contractor"),
    ("Constructionline", r"constructionline"),
    ("SSIP", r"\bssip\b"),
    ("Investors in People", r"investors\s+in\s+people"),
    ("PCI DSS", r"pci[\s-]?dss"),
    ("SOC 2", r"soc\s?2"),
    ("CREST", r"\bcrest\b"),
    ("CHECK", r"\bncsc\s+check\b|\bcheck\s+(?:scheme|team|status)"),
    ("BS 7858", r"bs\s*7858"),
    ("SIA approved contractor", r"sia\s+approved\s+contractor"),
)
_CERT_PATTERNS = [(name, re.compile(rf"\b(?:{pattern})", re.I)) for name, pattern in CERTIFICATES]
_HOLD = re.compile(r"\b(?:hold|held|certified|certification|accredit\w*|registered|registration|compliant|compliance|"
                   r"certificate|member(?:ship)?|approved|evidence)\b", re.I)


def accreditation(text: str, location: Location) -> Iterator[Gate]:
    if not _HOLD.search(text):
        return
    for name, pattern in _CERT_PATTERNS:
        if pattern.search(text):
            yield _gate(GateKind.ACCREDITATION, text, location, subject=name)


# --- experience and trading history -------------------------------------------------------------
_EXPERIENCE = re.compile(
    r"\b(?:experience|experienced|trading|track\s+record|in\s+business|established|(?:audited|published|filed)\s+accounts|"
    r"(?:audited\s+)?financial\s+statements|been\s+(?:in\s+)?(?:business|operation|existence))\b",
    re.I,
)
_AFTERWARDS = re.compile(r"^\W*(?:\(\w+\)\s*)?(?:after|following|from|beyond|of\s+the\s+(?:contract|term))\b", re.I)
_PERSONAL = re.compile(r"\b(?:staff|personnel|individuals?|consultants?|managers?|lead|engineers?|team\s+members?|"
                       r"developers?|analysts?|officers?|qualified|key\s+person|each\s+member|operatives?)\b", re.I)


def experience(text: str, location: Location) -> Iterator[Gate]:
    if not _EXPERIENCE.search(text):
        return
    for duration in find_durations(text):
        if duration.unit != "year" or not duration.value or duration.value > 50 or not _floor(text, duration):
            continue
        window = text[max(0, duration.start - 60) : duration.end + 60]
        if not _EXPERIENCE.search(window) or _AFTERWARDS.match(text[duration.end :]):
            continue
        subject = "personnel" if _PERSONAL.search(window) else "firm"
        yield _gate(GateKind.EXPERIENCE, text, location, years=duration.value, subject=subject)
        return


# --- references -----------------------------------------------------------------------------------
_REFERENCES = re.compile(
    r"(?<![\d.])\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\(\d{1,2}\)\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:references|referees|reference\s+(?:sites|contracts|letters)|case\s+studies|examples\s+of\s+(?:similar|previous|"
    r"comparable|relevant)\s+(?:contracts|work|projects))\b(?!\s+(?:to|in)\b)",
    re.I,
)


def references(text: str, location: Location) -> Iterator[Gate]:
    match = _REFERENCES.search(text)
    if match is None:
        return
    count = _count(match.group("n"))
    if count:
        yield _gate(GateKind.REFERENCES, text, location, count=count)


# --- bonds and guarantees -------------------------------------------------------------------------
_BOND = re.compile(
    r"\b(?:performance|bid|tender|payment|surety|advance\s+payment|retention)\s+(?:bond|security)s?\b|"
    r"\bparent\s+company\s+guarantee|\b(?:bank|on-demand)\s+guarantee|\bsurety\b|\bsecurity\s+deposit",
    re.I,
)


def bond(text: str, location: Location) -> Iterator[Gate]:
    match = _BOND.search(text)
    if match is None or re.search(r"\bcheck\s+one\b|\(\s*y\s*/\s*n\s*\)|\byes\s*/\s*no\b", text, re.I):
        return  # a form field whose answer is elsewhere: the tender may or may not want a bond
    monies = [m for m in find_money(text) if m.value and _floor(text, m)]
    percent = re.search(r"(\d{1,2}(?:\.\d+)?)\s?%", text)
    yield _gate(GateKind.BOND, text, location, subject=" ".join(match.group(0).lower().split()),
                amount=monies[0].value if monies else None, currency=monies[0].unit if monies else None,
                notes=(f"percent:{percent.group(1)}",) if percent else ())


# --- site visits and meetings in person -----------------------------------------------------------
_SITE_VISIT = re.compile(
    r"\b(?:site\s+(?:visit|inspection|survey|walk)s?|pre-?(?:bid|tender|proposal)\s+(?:meeting|conference|briefing|site)|"
    r"bidders?[’']?\s+(?:conference|day|briefing)|walk-?through|attend\s+(?:a|the)\s+(?:briefing|meeting|site))\b",
    re.I,
)
_FOR_BIDDERS = re.compile(r"\b(?:attend\w*|register|book|bidders?|tenderers?|offerors?|proposers?|prospective|interested|"
                          r"prior\s+to\s+(?:submitting|submission|the\s+(?:tender|bid|proposal)))\b", re.I)
_NOT_HELD = re.compile(r"\b(?:will\s+not\s+be\s+held|not\s+be\s+(?:held|required)|no\s+(?:site\s+visits?|pre-?\w+\s+"
                       r"(?:meeting|conference))\s+will|is\s+not\s+(?:required|mandatory)|optional)\b", re.I)
_COMPULSORY = re.compile(r"\b(?:mandatory|compulsory|required|must\s+attend|obligatory|will\s+not\s+be\s+(?:considered|accepted|evaluated)|"
                         r"disqualif\w+|condition\s+of)\b", re.I)


def site_visit(text: str, location: Location) -> Iterator[Gate]:
    match = _SITE_VISIT.search(text)
    if match is None or not _FOR_BIDDERS.search(text) or _NOT_HELD.search(text):
        return
    gate = _gate(GateKind.SITE_VISIT, text, location, subject=" ".join(match.group(0).lower().split()))
    yield replace(gate, mandatory=bool(_COMPULSORY.search(text)))  # a visit is optional unless the tender says otherwise


# --- local presence ---------------------------------------------------------------------------------
_LOCAL = re.compile(
    r"\b(?:local\s+(?:office|presence|base|depot|premises)|office\s+(?:located\s+)?(?:in|within)\b|based\s+(?:in|within)\b|"
    r"located\s+(?:in|within)\s+(?:the\s+)?(?:county|city|borough|district|region|state|area|\d)|within\s+\d+\s*(?:miles?|km|kilomet(?:re|er)s?)\s+of|"
    r"registered\s+(?:office\s+)?in\s+the\s+(?:county|state|borough)|resident\s+in\s+the\s+(?:county|state|borough))",
    re.I,
)


def local_presence(text: str, location: Location) -> Iterator[Gate]:
    match = _LOCAL.search(text)
    if match is not None:
        yield _gate(GateKind.LOCAL_PRESENCE, text, location, subject=" ".join(match.group(0).split()))


# --- consortia and subcontracting barred ---------------------------------------------------------------
_NO_CONSORTIUM = re.compile(
    r"\b(?:consorti(?:a|um)|joint\s+(?:bids?|ventures?)|sub-?contract(?:ing|ors?)?)\b[^.]{0,60}\b(?:(?:will|shall|may)\s+not\s+be\s+"
    r"(?:permitted|allowed|accepted|considered)|not\s+(?:be\s+)?(?:permitted|allowed|accepted|acceptable|considered)|prohibited|"
    r"cannot\s+be\s+(?:used|relied)|may\s+not\s+(?:bid|be\s+used|be\s+relied))\b|\b(?:no|not\s+accept\w*)\s+(?:consorti(?:a|um)|"
    r"joint\s+bids?|sub-?contract\w*)\b|\bmust\s+(?:not\s+sub-?contract|deliver\s+all\s+(?:of\s+)?the\s+(?:services|work)\s+(?:itself|directly))",
    re.I,
)


def consortium(text: str, location: Location) -> Iterator[Gate]:
    if _NO_CONSORTIUM.search(text) and not re.search(r"\bwithout\s+(?:the\s+)?(?:prior\s+)?(?:written\s+)?(?:consent|approval)", text, re.I):
        yield _gate(GateKind.CONSORTIUM, text, location, subject="consortia or subcontracting not accepted")


# --- staff numbers ----------------------------------------------------------------------------------------
_STAFF = re.compile(
    r"\b(?:minimum\s+of|at\s+least|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than)\s+(?P<n>\d{1,5}|[a-z]+)\s+"
    r"(?:\w+\s+){0,2}?(?:employees|staff|full[-\s]time\s+(?:employees|staff|equivalents?)|people|FTEs?)\b",
    re.I,
)


_BIDDER_WORD = re.compile(r"\b(?:you|your|bidders?|tenderers?|suppliers?|contractors?|offerors?|applicants?|"
                          r"organi[sz]ations?|compan(?:y|ies)|firms?|providers?)\b", re.I)


def staff(text: str, location: Location) -> Iterator[Gate]:
    match = _STAFF.search(text)
    if match is None or not _BIDDER_WORD.search(text[: match.start()]):
        return
    count = _count(match.group("n"))
    if count:
        yield _gate(GateKind.STAFF, text, location, count=count)


DETECTORS: tuple[Detector, ...] = (
    turnover, insurance, accreditation, experience, references, bond, site_visit, local_presence, consortium, staff,
)
