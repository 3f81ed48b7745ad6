"""Vocabulary signals for the document-wide facts (regime, authority, contract type, procedure,
document type, IT), and the two PhraseMatchers that find them: any case, and exact case for acronyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..nlp import get_pipeline

# --- Vocabulary signals, matched by two PhraseMatchers (any case / exact case) ---


@dataclass(frozen=True)
class Signal:
    """Phrases that are evidence for one value of one fact. `exact` phrases keep their case (acronyms)."""

    fact: str
    value: str
    phrases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    numbered: tuple[str, ...] = ()  # exact words that count only before a number ("FAR 52.212")

    @property
    def key(self) -> str:
        return f"{self.fact}|{self.value}"


_US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
    "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
)
_UK_DEPARTMENTS = (
    "Department for Education", "Department for Transport", "Department of Health and Social Care",
    "Department for Work and Pensions", "Department for Business and Trade", "Department for Environment",
    "Department for Culture", "Department for Science", "Department for Energy Security",
    "Department for Levelling Up", "Ministry of Housing", "Foreign, Commonwealth and Development Office",
)


_SIGNALS: tuple[Signal, ...] = (
    # Explicit statutes: decisive when present (weighted heavily in `_regime`).
    Signal("statute", "pa-2023", ("Procurement Act 2023", "Procurement Regulations 2024"), ("PA 2023", "PA2023")),
    Signal("statute", "pcr-2015", (
        "Public Contracts Regulations 2015", "Utilities Contracts Regulations 2016",
        "Concession Contracts Regulations 2016",
    ), ("PCR 2015", "PCR2015", "UCR 2016")),
    Signal("statute", "non-uk", (
        "Federal Acquisition Regulation", "Federal Acquisition Regulations", "Code of Virginia",
        "Virginia Public Procurement Act", "Indiana Code", "Alaska Statute", "Alaska Statutes",
        "Alaska Administrative Code",
    ), ("FAR Part",), numbered=("FAR", "AS")),
    # Regime vocabulary (catalogue section 1).
    Signal("vocab", "pa-2023", (
        "tender notice", "conditions of participation", "competitive flexible procedure", "Central Digital Platform",
        "assessment summary", "assessment summaries", "procurement termination notice", "contract details notice",
        "transparency notice", "Procurement Specific Questionnaire", "most advantageous tender",
    ), ("PSQ",)),
    Signal("vocab", "pcr-2015", (
        "contract notice", "Selection Questionnaire", "restricted procedure", "competitive procedure with negotiation",
        "Official Journal of the European Union", "European Single Procurement Document",
        "most economically advantageous tender", "pre-qualification questionnaire", "prequalification questionnaire",
    ), ("OJEU", "ESPD", "MEAT", "PQQ")),
    # Where the buyer is: country markers, counted against each other.
    Signal("country", "uk", (
        "United Kingdom", "England", "Scotland", "Wales", "Northern Ireland", "Crown Commercial Service",
        "Cabinet Office",
        "Data Protection Act 2018", "Freedom of Information Act 2000", "Companies House", "Contracts Finder",
        "Find a Tender",
    ), ("UK", "CCS", "HM Government", "HM Treasury", "HMRC", "NHS", "VAT", "£")),
    Signal("country", "non-uk", (
        "offeror", "offerors", "proponent", "proponents", "Commonwealth of Virginia", "United States",
        "federal government", "federal agency", "federal agencies", "FedRAMP", "Contracting Officer", "solicitation",
        "British Columbia", "Province of", "Canada", "Canadian", "sales tax", "the Commonwealth", "fiscal year",
        "Section 508", "Americans with Disabilities Act", "Eastern Time", "Pacific Time", "prevailing time",
        "minority-owned", "women-owned", "Social Security",
    ), (
        "U.S.", "USA", "GSA", "CFR", "USD", "CAD", "$", "EST", "EDT", "ET", "AKST", "PST", "SWaM", "HUBZone", "W-9",
        *(f"State of {state}" for state in _US_STATES),
    )),
    # Terms split into parts: a schedule is judged for what it covers, not for what the core terms hold.
    # A guarantee published on its own is such a part too: the liability it secures is the main
    # contract's, capped (or not) there.
    Signal("terms_part", "schedule", (
        "call-off schedule", "framework schedule", "joint schedule", "order schedule", "contract schedule",
        "schedule of the contract", "schedule to the contract", "schedule to the agreement",
        "deed of guarantee", "parent company guarantee",
    )),
    Signal("terms_part", "core", (
        "core terms", "terms and conditions", "general conditions", "conditions of contract", "standard terms",
        "general terms", "contract terms", "model contract", "form of contract",
    )),
    # Whose dollar a bare "$" is: the country of the buyer, counted like the regime's markers.
    Signal("dollar", "CAD", (
        "Canada", "Canadian", "Ontario", "Alberta", "British Columbia", "Quebec", "Manitoba", "Saskatchewan",
        "Nova Scotia", "New Brunswick", "Newfoundland", "Prince Edward Island", "Yukon", "Nunavut",
        "Northwest Territories", "Government of Canada", "Public Services and Procurement Canada",
    ), ("CAD", "C$", "HST", "GST/HST", "CFTA")),
    Signal("dollar", "AUD", (
        "Australia", "Australian", "New South Wales", "Queensland", "Western Australia", "South Australia",
        "Tasmania", "Northern Territory", "Australian Capital Territory", "Commonwealth of Australia",
    ), ("AUD", "A$", "NSW", "ABN", "ACT Government")),
    Signal("dollar", "NZD", ("New Zealand", "Aotearoa"), ("NZD", "NZ$")),
    Signal("dollar", "USD", (
        "United States", "federal government", "Federal Acquisition Regulation", "Commonwealth of Virginia",
        "Contracting Officer", "Social Security", "Internal Revenue Service",
    ), ("U.S.", "USA", "USD", "US$", "GSA", "CFR", *(f"State of {state}" for state in _US_STATES))),
    # Authority type: only meaningful for UK documents.
    Signal("authority_type", "sub-central", (
        "Borough Council", "County Council", "City Council", "District Council", "Parish Council", "Town Council",
        "Metropolitan Council", "Unitary Council", "London Borough of", "Combined Authority", "Fire Authority",
        "Fire and Rescue Authority", "Police and Crime Commissioner", "local authority", "local authorities",
        "NHS Trust", "NHS Foundation Trust", "University",
    ), ("the Council",)),
    Signal("authority_type", "central", (
        "Crown Commercial Service", "Cabinet Office", "Home Office", "Ministry of Defence", "Ministry of Justice",
        "central government", "executive agency", "Government Digital Service", *_UK_DEPARTMENTS,
    ), ("CCS", "HM Government", "HM Treasury", "HMRC")),
    Signal("authority_type", "utilities", (
        "Utilities Contracts Regulations", "utilities contract", "utility company", "utility undertaking",
        "water company", "water undertaker", "Network Rail",
    )),
    Signal("authority_type", "other", (
        "non-departmental public body", "arm's length body", "arm's-length body", "public corporation",
        "housing association", "British Council",
    )),
    # Contract type.
    Signal("contract_type", "dps", ("dynamic purchasing system",), ("DPS",)),
    Signal("contract_type", "framework", ("framework agreement", "framework contract", "framework ref",
                                          "framework reference")),
    Signal("contract_type", "concession", ("concession contract", "services concession", "works concession")),
    Signal("contract_type", "light-touch", ("light touch", "light-touch")),
    Signal("contract_type", "works", (
        "construction works", "building works", "civil engineering works", "highway works", "highways works",
        "refurbishment works", "works contract",
        # design-build and North American construction terms
        "design-build", "design build", "design and build", "design-builder", "design and construct",
        "construction contract", "substantial completion", "construction lien", "builders' lien", "lien holdback",
    ), ("JCT", "NEC3", "NEC4", "NEC 3", "NEC 4")),
    Signal("contract_type", "goods", (
        "supply of goods", "supply of equipment", "supply of hardware", "supply and delivery of", "goods",
        "supply, installation", "supply and installation",
    )),
    Signal("contract_type", "services", ("services",)),
    # Procedure.
    Signal("procedure", "open", ("open procedure",)),
    Signal("procedure", "restricted", ("restricted procedure",)),
    Signal("procedure", "competitive-dialogue", ("competitive dialogue",)),
    Signal("procedure", "competitive-flexible", ("competitive flexible procedure",)),
    Signal("procedure", "competitive-procedure-with-negotiation", ("competitive procedure with negotiation",)),
    Signal("procedure", "below-threshold-rfq", (
        "request for quotation", "request for quotations", "request for quote", "request for quotes", "quick quote",
        "invitation to quote",
    ), ("RFQ",)),
    Signal("procedure", "call-off", ("further competition", "mini-competition", "mini competition",
                                     "call-off competition", "call-off procedure")),
    Signal("procedure", "direct-award", ("direct award",)),
    Signal("procedure", "dps", ("dynamic purchasing system",)),
    # Document types.
    Signal("doc_types", "ITT", (
        "invitation to tender", "invitation to quote", "request for proposal", "request for proposals",
        "request for quotation", "request for quote", "instructions to bidders", "instructions to tenderers",
        "instructions to offerors", "bid pack", "how to tender", "how to bid", "direct award offer",
        "direct award pack", "process terms",  # the rules of the competition, as in "Process Terms"
        "invitation and bid", "invitation for bid", "invitation for bids", "invitation to bid", "request for bids",
        "request for bid", "request for tender", "request for tenders", "request for quotations", "request for quotes",
        "request for qualifications", "request for pre-qualifications", "request for prequalification",
        "request for expressions of interest", "request for expression of interest", "call for tenders",
        "solicitation", "instructions to proponents", "instructions to respondents",
    ), ("ITT", "RFP", "RFQ", "IFB", "ITB", "RFT", "REOI", "RFEI", "RFSQ")),
    # The parts of an invitation: a specification with a solicitation timetable and award criteria
    # is also the document bidders answer (see `_doc_types`).
    Signal("itt_structure", "ITT", (
        "solicitation schedule", "evaluation criteria", "award criteria", "evaluation methodology",
        "evaluation and scoring", "evaluation and selection", "evaluation and award", "basis of award",
        "scoring criteria", "method of evaluation", "proposal evaluation",
        "proposal due", "proposals due", "response due", "responses due", "bids due", "tenders due",
        "instructions to respondents", "instructions to bidders", "offeror instructions", "bidder instructions",
        "instructions for bidders", "instructions for respondents", "instructions for tenderers",
        "submission instructions", "proposal submission", "response submission",
        # timetable rows of a solicitation: "Supplier Questions Due", "Award Decision"
        "questions due", "award decision", "questions deadline", "deadline for questions",
    )),
    Signal("doc_types", "SPEC", (
        "specification", "statement of requirements", "statement of requirement", "statement of work",
        "performance work statement", "scope of work", "requirements overview",
        # what US agencies call a requirement written for a task: "Statement of Need (SON)", "Statement of Objectives"
        "statement of need", "statement of objectives",
    ), ("SOR", "SOW", "PWS", "SON", "SOO")),
    Signal("doc_types", "SQ", (
        "selection questionnaire", "pre-qualification questionnaire", "prequalification questionnaire",
        "procurement specific questionnaire", "conditions of participation", "DPS needs", "(DPS) needs",
        "qualification envelope",
        # the bidder's sworn statement on exclusion and selection (EU institutions' form, the ESPD)
        "declaration on honour", "declaration of honour", "european single procurement document",
    ), ("PQQ", "PSQ", "ESPD")),
    Signal("doc_types", "TC", (
        "terms and conditions", "core terms", "contract terms", "call-off contract", "call-off terms",
        "call-off schedule", "framework schedule", "joint schedule", "order form", "guarantee", "performance bond",
    )),
    Signal("doc_types", "NOTICE", (
        "contract notice", "tender notice", "prior information notice", "award notice", "opportunity notice",
    )),
    # Market research before a tender: a request for information or sources-sought notice asks the
    # market for ideas and interest and awards nothing (its "solicitation" is a later one).
    Signal("doc_types", "RFI", (
        "request for information", "sources sought", "sources-sought",
        "sources sought notice", "market sounding questionnaire",
    ), ("RFI",)),
    # The published reasons for buying without full competition (a US "J&A" or JOFOC, an exception to
    # fair opportunity, a single-source justification): it records a decision and invites no bids.
    Signal("doc_types", "JUSTIFICATION", (
        "justification for other than full and open competition", "exception to fair opportunity",
        "limited sources justification", "limited source justification", "sole source justification",
        "single source justification", "justification and approval", "justification & approval",
        "justification for an exception to fair opportunity",
    ), ("JOFOC",)),
    # Guidance addressed to buyers (or the public), not an invitation that explains how to bid or
    # carries "response guidance" for bidders.
    Signal("doc_types", "GUIDE", (
        "guidance for buyers", "guidance for customers", "guidance for contracting authorities",
        "guidance for commissioners", "guidance for public bodies", "buyer guidance", "buyers' guide",
        "buyer's guide", "customer guidance", "guidance note", "guidance notes", "this guidance", "this guide",
        "statutory guidance", "this document explains", "frequently asked questions", "how to buy",
        "how to procure", "how to run", "how to use the framework", "how to use this framework",
    )),
    # IT vocabulary, counted per 1,000 words: strong words are rarely used outside IT, weak ones often are.
    Signal("it", "strong", (
        "software", "SaaS", "PaaS", "IaaS", "hosting", "API", "APIs", "cloud", "database", "databases", "server",
        "servers", "website", "websites", "web application", "web applications", "information technology",
        "cyber security", "cybersecurity", "penetration testing", "source code", "data centre", "data center",
        "DevOps", "ServiceNow", "Oracle", "user interface", "end users", "integration platform", "dashboard",
        "dashboards", "Azure", "AWS", "SQL", "GitHub", "open source", "single sign-on", "data migration",
        "developer", "developers", "user experience", "front end", "front-end", "back end", "back-end",
        "authentication", "encryption",
    )),
    Signal("it", "weak", ("system", "systems", "platform", "platforms", "application", "applications", "digital"),
           ("IT", "ICT")),
)
SIGNAL_BY_KEY = {s.key: s for s in _SIGNALS}


_NUMBERED = "#numbered"


@lru_cache(maxsize=2)
def _signal_matchers(vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Compiled once per vocabulary. Phrase matchers scan a 70k-word Doc in milliseconds; an
    alternation regex of the same phrases takes seconds, and a token Matcher hundreds of ms."""
    make_doc = get_pipeline().make_doc
    lower, exact = PhraseMatcher(vocab, attr="LOWER"), PhraseMatcher(vocab, attr="ORTH")
    for signal in _SIGNALS:
        if signal.phrases:
            lower.add(signal.key, [make_doc(p) for p in signal.phrases])
        if signal.exact:
            exact.add(signal.key, [make_doc(p) for p in signal.exact])
        if signal.numbered:
            exact.add(signal.key + _NUMBERED, [make_doc(p) for p in signal.numbered])
    return lower, exact


# A document type named as the work's subject rather than as this document: "prepare solicitation
# documents", "solicitation amendments", "request for proposal templates" (an acquisition-support
# specification names solicitations throughout without being one).
_SUBJECT_NOUNS = frozenset({
    "document", "documents", "documentation", "amendment", "amendments", "file", "files", "related",
    "process", "processes", "procedure", "procedures", "preparation", "development", "package",
    "packages", "planning", "strategy", "template", "templates", "review", "reviews",
    # "Request for Information Technology services" is a subject, not a request for information
    "technology", "technologies", "system", "systems", "security", "governance", "management",
})
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,6}s$")  # "(RFPs)": a kind of document, not this one


def signal_hits(doc: Doc) -> list[tuple[str, int]]:
    """(signal key, token index) for every signal phrase in the document, in order."""
    strings = doc.vocab.strings
    hits: list[tuple[str, int]] = []
    for matcher in _signal_matchers(doc.vocab):
        for match_id, start, end in matcher(doc):
            key = strings[match_id]
            if key.endswith(_NUMBERED):
                if end >= len(doc) or not doc[end].text[:1].isdigit():
                    continue
                key = key[: -len(_NUMBERED)]
            if SIGNAL_BY_KEY[key].fact == "doc_types" and (_names_the_subject(doc, end) or _number_field(doc, start, end)):
                continue
            hits.append((key, start))
    return sorted(hits, key=lambda h: h[1])


def _number_field(doc: Doc, start: int, end: int) -> bool:
    """A form's field for the number of a solicitation ("SOLICITATION NUMBER*", "Solicitation No."):
    every notice about one carries it, a request for information or an amendment as much as the
    invitation itself."""
    return (end - start == 1 and doc[start].lower_ == "solicitation" and end < len(doc)
            and doc[end].lower_ in ("number", "no", "no.", "#", "num"))


def _names_the_subject(doc: Doc, end: int) -> bool:
    """The phrase modifies a noun after it ("solicitation documents", "solicitation-related"), or
    names a kind by its plural acronym ("Request for Proposals (RFPs)")."""
    after = end + 1 if end < len(doc) and doc[end].text == "-" else end
    if after < len(doc) and doc[after].lower_ in _SUBJECT_NOUNS:
        return True
    return end + 1 < len(doc) and doc[end].text == "(" and _PLURAL_ACRONYM.match(doc[end + 1].text) is not None
