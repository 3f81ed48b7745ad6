"""The ten pitfall families of the rule catalogue, with a line on what each covers, and the severities and
audiences findings are filtered by: the vocabulary both the API and the pages speak."""

from __future__ import annotations

FAMILIES: dict[str, tuple[str, str]] = {
    "RISK": ("Costs and risks", "Costs and risks passed to suppliers that the buyer is better placed to hold."),
    "SPEC": ("Over-specification", "Detail and demands beyond what the contract needs, or unrelated to it."),
    "PROP": ("Proportionality", "One-size demands and selection barriers that shut out smaller suppliers."),
    "TECH": ("Technology", "IT specifications that dictate the technology instead of the outcome."),
    "OPEN": ("Open by default", "Tendering in isolation: lock-in, closed data, no room to grow or share."),
    "PROC": ("Process", "Time, access and process barriers in how bids are made."),
    "EVAL": ("Evaluation", "How bids are scored: criteria, weightings and transparency."),
    "PROB": ("Problem and scope", "Whether the problem, budget and scope are stated."),
    "PAY": ("Payment", "Payment terms and purchase-to-pay."),
    "DOC": ("Document", "Whole-document findings: length, complexity and readability."),
}

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
AUDIENCES: tuple[str, ...] = ("buyer", "supplier", "manager")


def family_name(code: str) -> str:
    return FAMILIES.get(code, (code, ""))[0]
