"""From counts to person-days: each item of work gets a low and a high figure from a stated rate,
so the method can be shown line by line and checked by anyone who disagrees with a rate.

The rates are set out, with their reasons, in docs/bid-effort.md; they were calibrated so the
corpus tenders land where bid managers' rules of thumb put them (a short request for quotation in
one to three days, a full ITT with a quality questionnaire in one to three weeks). This is an
estimate, not a measurement: the range is the point, not the middle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .measure import Measures

HOURS_PER_DAY = 7.5
# Careful reading of tender documents, with notes and re-reading: 100 words a minute at best, 50 at worst.
READ_WORDS_PER_DAY = (100 * 60 * HOURS_PER_DAY, 50 * 60 * HOURS_PER_DAY)
# Finished answer text per person-day, including research, drafting and review.
WRITE_WORDS_PER_DAY = (1500.0, 750.0)
WORDS_PER_PAGE = 400  # a page of a proposal, with headings, tables and figures
DEFAULT_ANSWER_WORDS = 300  # a question with no stated limit: about half a page
YES_NO_WORDS = 25  # a question answered yes or no, with a line of explanation
FORM_DAYS = (0.25, 0.5)
PRICING_DAYS = (1.0, 3.0)
EVIDENCE_DAYS = (0.1, 0.25)  # finding and checking one certificate or reference
PRESENTATION_DAYS = (2.0, 4.0)  # preparing, rehearsing and giving it, for two people
SITE_VISIT_DAYS = (0.5, 1.5)
MANAGEMENT_SHARE = (0.10, 0.20)  # bid/no-bid, planning, review and submission on the portal
MANAGEMENT_MINIMUM = (0.5, 1.0)
ESTIMATE_NOTE = ("An estimate, not a measurement: it counts what the document asks for and applies fixed rates "
                 "(see the method). Your own experience of similar bids is the better guide.")


def _weight_factor(weight: float | None) -> float:
    """Heavier-weighted answers earn more care: 1.0 under 10%, 1.25 from 10%, 1.5 from 20%."""
    if weight is None or weight < 10:
        return 1.0
    return 1.25 if weight < 20 else 1.5


@dataclass(frozen=True)
class Item:
    name: str
    basis: str  # the count and the rate, in words
    low: float
    high: float

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "basis": self.basis, "low": round(self.low, 2), "high": round(self.high, 2)}


@dataclass(frozen=True)
class Estimate:
    items: tuple[Item, ...]
    low: float
    high: float
    measures: Measures

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2

    @property
    def costliest(self) -> tuple[Item, ...]:
        """The three items that cost most (by their high figure), management left out."""
        work = [i for i in self.items if i.name != "Bid management and review"]
        return tuple(sorted(work, key=lambda i: (-i.high, i.name))[:3])

    def to_json(self) -> dict[str, Any]:
        return {
            "person_days": {"low": round(self.low, 1), "high": round(self.high, 1), "middle": round(self.middle, 1)},
            "items": [i.to_json() for i in self.items],
            "costliest": [i.name for i in self.costliest],
            "measures": self.measures.to_json(),
            "note": ESTIMATE_NOTE,
        }


def estimate(measures: Measures) -> Estimate:
    m = measures
    items: list[Item] = []
    pages = f"{m.pages} pages, " if m.pages else ""
    items.append(Item("Reading the documents", f"{pages}{m.words:,} words at 50–100 words a minute",
                      m.words / READ_WORDS_PER_DAY[0], m.words / READ_WORDS_PER_DAY[1]))
    weighted = 0.0
    basis = ""
    if m.questions:
        words = 0.0
        for q in m.questions:
            size = q.word_limit or (q.page_limit * WORDS_PER_PAGE if q.page_limit else
                                    YES_NO_WORDS if q.yes_no else DEFAULT_ANSWER_WORDS)
            words += size
            weighted += size * _weight_factor(q.weight)
        limits = sum(1 for q in m.questions if q.word_limit or q.page_limit)
        weights = sum(1 for q in m.questions if q.weight is not None)
        yes_no = sum(1 for q in m.questions if q.yes_no)
        basis = (f"{len(m.questions)} questions ({yes_no} yes/no), {words:,.0f} words of answers ({limits} with a stated "
                 f"limit, others {DEFAULT_ANSWER_WORDS} words, yes/no {YES_NO_WORDS}; {weights} weighted) at 750–1,500 "
                 "finished words a day")
    if m.questions and not (m.page_limit and m.page_limit * WORDS_PER_PAGE > weighted):
        items.append(Item("Answering the questions", basis, weighted / WRITE_WORDS_PER_DAY[0], weighted / WRITE_WORDS_PER_DAY[1]))
    elif m.page_limit:  # a response-wide page limit says more than the questions found
        words = m.page_limit * WORDS_PER_PAGE
        items.append(Item("Writing the proposal", f"a {m.page_limit}-page limit, {words:,} words at 750–1,500 finished words a day",
                          words / WRITE_WORDS_PER_DAY[0], words / WRITE_WORDS_PER_DAY[1]))
    if m.forms:
        n = len(m.forms)
        items.append(Item("Forms and attachments", f"{n} to complete ({', '.join(m.forms[:6])}{'…' if n > 6 else ''}) at "
                          f"{FORM_DAYS[0]:g}–{FORM_DAYS[1]:g} days each", n * FORM_DAYS[0], n * FORM_DAYS[1]))
    if m.pricing:
        items.append(Item("Pricing", f"a pricing schedule or cost proposal: {PRICING_DAYS[0]:g}–{PRICING_DAYS[1]:g} days", *PRICING_DAYS))
    evidence = m.certificates + m.references
    if evidence:
        items.append(Item("Certificates and references", f"{m.certificates} certificates and {m.references} references at "
                          f"{EVIDENCE_DAYS[0]:g}–{EVIDENCE_DAYS[1]:g} days each", evidence * EVIDENCE_DAYS[0], evidence * EVIDENCE_DAYS[1]))
    if m.presentations:
        items.append(Item("Presentation or interview", f"{PRESENTATION_DAYS[0]:g}–{PRESENTATION_DAYS[1]:g} days",
                          m.presentations * PRESENTATION_DAYS[0], m.presentations * PRESENTATION_DAYS[1]))
    if m.site_visits:
        items.append(Item("Site visits and bidder meetings", f"{m.site_visits} at {SITE_VISIT_DAYS[0]:g}–{SITE_VISIT_DAYS[1]:g} days each",
                          m.site_visits * SITE_VISIT_DAYS[0], m.site_visits * SITE_VISIT_DAYS[1]))
    low = sum(i.low for i in items)
    high = sum(i.high for i in items)
    management = Item(
        "Bid management and review",
        f"{MANAGEMENT_SHARE[0]:.0%}–{MANAGEMENT_SHARE[1]:.0%} of the rest, at least {MANAGEMENT_MINIMUM[0]:g}–{MANAGEMENT_MINIMUM[1]:g} days",
        max(MANAGEMENT_MINIMUM[0], low * MANAGEMENT_SHARE[0]), max(MANAGEMENT_MINIMUM[1], high * MANAGEMENT_SHARE[1]),
    )
    items.append(management)
    return Estimate(tuple(items), low + management.low, high + management.high, measures)
