"""The evidence for each clause type, as data: term groups, and which groups must meet in a sentence.

Terms are matched on lemmas ("indemnify" finds "indemnified"); "=" marks exact wording. A group
hit inside an IDIOM is ignored, so "including without limitation" is neither a cap nor its absence.
Negation ("shall not be limited") flips a cap into uncapped liability; `unless` groups veto a tag.
Word order ("may ... terminate") is a `near` pair checked on the hits, not a Matcher wildcard
pattern: wildcards cost time on every token of every document, the pairs only on sentences that hit.
The groups were tuned on CUAD's general wording (see `tenderlint eval --cuad`), never on one contract.
"""

from __future__ import annotations

from typing import Any

_NUM = {"LIKE_NUM": True}
_UNIT = {"LEMMA": {"IN": ["day", "week", "month", "year"]}}
_DAY_KIND = {"LOWER": {"IN": ["calendar", "business", "working"]}, "OP": "?"}
_DEAL_NOUNS = [
    "right", "license", "licence", "licensee", "licensor", "distributor", "distributorship", "distribution",
    "supplier", "supply", "provider", "agent", "agency", "reseller", "basis", "territory", "dealer", "manufacturer",
    "partner", "relationship", "arrangement", "representative", "sale", "marketing", "vendor", "source", "purchase",
    "seller", "sponsor", "franchise", "area", "market", "retailer", "manufacture", "collaboration", "sell",
]
_COMMIT_NOUNS = [
    "purchase", "order", "quantity", "unit", "volume", "royalty", "sale", "revenue", "commitment", "fee", "payment",
    "guarantee", "target", "requirement", "forecast", "spend", "consideration", "commission",
]
_BUY_VERBS = ["purchase", "order", "buy", "procure", "take", "acquire", "sell", "pay"]
_PROPERTY = [
    f"{verb} {owner} {kind}property"
    for verb in ("be", "become")
    for owner in ("the", "its", "our", "their", "your", "his", "her")
    for kind in ("", "sole ", "exclusive ", "sole and exclusive ", "absolute ", "separate ")
]
_DEAL_VERBS = [
    "sell", "supply", "purchase", "buy", "distribute", "market", "manufacture", "obtain", "source", "procure",
    "license", "provide", "promote", "offer", "resell", "appoint", "deal", "work", "order",
]

# Drafting idioms whose words would otherwise read as evidence.
IDIOMS = [
    "without limitation", "without limiting", "not limited to", "=without being limited", "=not in limitation",
    "=but not limited to", "not be limited to",
    "limited liability company", "limited liability partnership", "limited partnership",
    "non-exclusive", "nonexclusive", "=non exclusive", "=non- exclusive", "exclusive remedy",
    "exclusive jurisdiction",
    "exclusive owner", "exclusive property", "exclusive purpose", "exclusive responsibility", "exclusive liability",
    "exclusive obligation", "exclusive benefit", "exclusive use", "exclusive control",
    "exclusive venue", "exclusive of", "=exclusive forum", "competitive bid", "competitive price",
    "competitive pricing", "competitive rate", "competitive tender", "competitive basis", "competitive term",
    "competitive process", "competitive procedure", "competitive dialogue", "competitive flexible procedure",
    "=insurance company", "professional indemnity", "=audited accounts", "=audited financial",
    "=audited statements", "competitive harm", "unfair competition", "competitive analysis", "=competing interests",
    "=audited consolidated", "audit committee", "minimum requirement", "=minimum standards", "=minimum standard",
]

TERMS: dict[str, Any] = {
    # liability and its limits
    "liability": ["liability", "liable", "damages", "=damages"],
    "limit": ["limit", "limitation", "cap", "maximum", "aggregate", "ceiling", "=limited"],
    "limit_word": ["limit", "limitation", "cap", "restrict"],
    "exceed": ["exceed", "in excess of", "greater than", "more than", "not to exceed"],
    "in_no_event": ["in no event", "=under no circumstances", "=neither party", "=no party"],
    "liable_word": ["liable", "responsible", "liability"],
    "not_liable": [
        "not be liable", "not liable", "not be responsible", "not responsible", "no liability",
        "=have no liability",
    ],
    "excluded_loss": [
        "consequential", "indirect damage", "incidental", "punitive", "exemplary", "special damage",
        "lost profit", "loss of profit", "loss of revenue", "loss of business", "loss of data",
        "special, incidental", "=special,", "indirect loss", "indirect,",
    ],
    "remedy": [
        "sole remedy", "exclusive remedy", "sole and exclusive remedy", "entire liability", "sole liability",
        "sole obligation",
    ],
    "unlimited": [
        "unlimited", "uncapped", "=without limit", "=without any limit", "=without limitation as to amount",
        "=no limit", "=not be subject to any limit",
    ],
    "nothing": ["=nothing"],
    "limit_verb": ["limit", "exclude", "restrict"],
    "limit_ctx": [
        "limit", "limitation", "exceed", "consequential", "in no event", "=under no circumstances", "cap",
        "maximum",
    ],
    "limitations_ref": [
        "=the limitation", "=the limitations", "=this limitation", "=these limitations", "=foregoing limitation",
        "=foregoing limitations", "=such limitation", "=such limitations", "=above limitation", "=above limitations",
    ],
    "carve_out": [
        "except", "exception", "excluding", "exclude", "other than", "shall not apply", "will not apply",
        "do not apply", "not be subject to", "=save for", "=save in", "apart from", "waive",
    ],
    "carve_subject": [
        "gross negligence", "grossly negligent", "willful", "wilful", "intentional misconduct", "fraud",
        "fraudulent", "indemnification", "indemnity", "indemnify", "confidentiality", "confidential information",
        "death", "personal injury", "bodily injury", "infringement", "misappropriation", "breach of section",
        "breach of article", "obligation under section", "obligation under article", "liability cap",
        "section", "article", "paragraph", "clause",
    ],
    # indemnity
    "indemnify": ["indemnify", "indemnification", "indemnity", "hold harmless", "=hold it harmless", "=harmless"],
    # intellectual property
    "ip": [
        "intellectual property", "invention", "patent", "copyright", "work product", "deliverable", "know-how",
        "know how", "improvement", "right, title and interest", "right, title, and interest", "proprietary right",
        "=ip", "work of authorship", "derivative work", "enhancement", "=ip rights", "trade secret", "trademark",
    ],
    "creation": [
        "develop", "developed", "development", "create", "conceive", "invent", "generate", "make", "arise",
        "reduce to practice", "improvement", "modification", "enhancement", "derivative", "result of",
        "in the course of", "author", "produce",
        "deliverable", "=project specific", "=specially written", "foreground",
    ],
    "assign": ["assign", "hereby assign", "transfer", "convey", "vest"],
    "hereby_assign": [
        "hereby assign", "hereby irrevocably assign", "hereby transfer", "agree to assign", "=shall assign",
        "=will assign", "=does assign", "=do hereby assign", "=shall be assigned", "work made for hire",
        "work for hire", "made for hire", "=made-for-hire", "=works made-for- hire", "=work-for-hire",
    ],
    "rights": ["right", "title", "interest", "ownership"],
    "own": [
        *_PROPERTY, "become the sole", "become the exclusive", "be own by", "=be owned by", "=shall own", "=will own",
        "=shall exclusively own", "=shall solely own", "belong exclusively", "=shall belong", "=will belong",
        "vest in", "work made for hire", "work for hire", "made for hire", "=owned exclusively by",
    ],
    "retain": [
        "retain", "remain the property", "remain the sole", "remain the exclusive", "remain with", "=each party",
    ],
    "no_transfer": [
        "=nothing in this agreement", "=nothing contained in this agreement", "=nothing herein", "=no title",
        "=no right", "=no license", "=no licence", "reverse engineer", "=not be construed",
    ],
    "anti_assign": [
        "assign this agreement", "assign the agreement", "assign its right", "assignment of this agreement",
        "successor", "change of control", "merger", "subcontract", "delegate", "=rights or obligations",
        "=rights and obligations", "=rights or duties",
        "=rights and duties", "lease",
    ],
    "licence": ["license", "licence", "sublicense", "sublicence", "licensed", "licenced"],
    "grant": ["grant", "hereby grant", "right to use", "permit to use"],
    # damages, insurance, audits
    "liquidated": [
        "liquidated damages", "liquidated damage", "termination fee", "break fee", "break-up fee", "breakup fee",
        "termination payment", "early termination fee", "early termination charge", "cancellation fee",
        "cancellation charge", "service credit", "delay damages", "=as a penalty", "kill fee", "termination charge",
        "delay payment", "buyout payment", "buyout fee", "buy-out fee", "exit fee", "pre-estimate", "break-up",
        "breakage fee",
    ],
    "penalty": [
        "payment penalty", "penalty payment", "late delivery penalty", "penalty clause", "pay a penalty",
        "pay the penalty", "pay any penalty", "pay penalty", "penalty of", "penalty equal", "penalty equivalent",
        "penalty amounting",
    ],
    # Penalties that an authority levies (tax, interest, fines) are passed through, not agreed damages.
    "levied_penalty": [
        "levy", "assess", "tax authority", "taxing authority", "=penalties and interest", "=interest and penalties",
        "=penalty, interest", "=penalties, interest", "=fines and penalties", "=fines or penalties",
    ],
    "amount_equal": [
        "amount equal", "fee equal", "sum equal", "equivalent of", "=the sum of", "=a sum of", "=an amount of",
    ],
    "violation": [
        "violation", "violate", "in breach of", "=terminates this agreement", "=terminate this agreement",
        "=terminated this agreement",
    ],
    "insurance": ["insurance", "insurer", "insured", "insure", "underwriter"],
    "insure_duty": [
        "maintain", "carry", "procure", "obtain", "keep", "effect", "take out", "policy", "coverage", "cover",
        "certificate", "additional insured", "named insured", "limit", "in full force", "hold", "have in place",
        "not less than", "level of", "minimum",
    ],
    "audit": ["audit", "inspect", "inspection", "examine", "examination", "=auditor", "=auditors"],
    "records": [
        "book", "record", "account", "accounting", "ledger", "facility", "facilities", "premises", "document",
        "documentation", "site", "plant", "operation", "manufacturing", "statement", "report", "relevant",
    ],
    # termination for convenience
    "terminate": ["terminate", "termination", "terminable", "=end this agreement"],
    "may": ["may", "can", "right to", "entitle to", "entitled to", "option to", "elect to", "free to"],
    "terminate_verb": ["terminate", "terminated"],
    "terminable": ["terminate by either", "terminate by both", "terminate by any", "terminate by each", "terminable"],
    "convenience": [
        "convenience", "unilaterally terminate", "without cause", "with or without cause", "for no reason",
        "for any or no reason",
        "=without reason", "at will", "=without any reason", "=without assigning any reason",
        "=without giving any reason",
        "=for any reason or no reason",
    ],
    "notice": ["notice", "notify", "notification"],
    "for_cause": [
        "breach", "default", "insolvency", "insolvent", "bankruptcy", "bankrupt", "receiver", "liquidation",
        "fail to", "failure", "fail", "change of control", "force majeure", "=if", "=in the event", "occurrence",
        "violate", "violation", "cure", "cease", "unable", "expiration", "expire", "effect of termination",
        "=upon termination", "=upon any termination", "=following termination", "=after termination", "survive",
        "=with cause", "renew", "renewal", "=prior to the end", "=end of the", "=at the end",
    ],
    "cannot_terminate": [
        "=no right to terminate", "=not be entitled to terminate", "=not have the right to terminate",
        "may not terminate", "may not be terminated", "cannot terminate", "cannot be terminated", "can not terminate",
        "shall not terminate", "shall not be terminated", "will not terminate", "will not be terminated",
        "may not cancel", "shall not cancel",
    ],
    # exclusivity and competition
    "exclusivity": [
        "exclusivity", "=all of its requirements", "=all of their requirements", "=all of its requirement",
        "sole source", "sole supplier", "sole distributor", "sole and exclusive distributor", "sole provider",
        "only distributor", "only supplier", "only provider", "only reseller", "only dealer", "only agent",
        "only licensee", "only source", "sole reseller", "sole dealer", "sole agent", "sole licensee",
    ],
    "exclusive_word": ["exclusive"],
    "exclusively": ["=exclusively"],
    "deal_noun": _DEAL_NOUNS,
    "solely_from": ["=solely from", "=only from", "=exclusively from", "=exclusively through", "=solely through"],
    "other_party": [
        "=anyone other than", "=any other provider", "=any other supplier", "=any other distributor",
        "=any other company", "=any other vendor", "=any other manufacturer", "=any person other than",
    ],
    "deal_verb": _DEAL_VERBS,
    "not_exclusive": [
        "=nothing herein", "=not be construed", "=shall not be considered", "=non-exclusively", "=not exclusive",
        "=not be exclusive", "goodwill", "inure", "enure", "enforce", "prosecution", "prosecute", "dispute",
        "arbitration", "court",
    ],
    "compete": [
        "compete", "competitive product", "competitive business", "competing product", "competing business",
        "competitive service", "competitive with",
        "in competition with", "non-compete", "non-competition", "noncompetition", "non compete",
    ],
    "solicit": ["solicit", "hire", "employ", "disclose", "confidential"],
    "competitor": ["competitor", "=competitors", "=competitor's", "=competitors'"],
    "restraint": [
        "not", "=shall not", "=will not", "=not to", "refrain", "restrict", "restriction", "prohibit", "covenant",
        "non-compete", "non-competition", "noncompetition", "=neither", "=nor",
    ],
    "no_restraint": [
        "=shall not prevent", "=does not contain", "=not be construed", "=nothing in this agreement",
        "=nothing herein", "=not prohibit", "=not restrict",
    ],
    "must_not": [
        "refrain", "covenant", "=agrees not to", "=agree not to", "=not to", "=shall not", "=will not", "=may not",
        "=must not", "=neither",
    ],
    "during_term": [
        "during the term", "for a period of", "following the term", "after the expiration", "after termination",
        "until expiration", "until the expiration", "=during the cooperation", "=as long as", "=so long as",
        "after the termination", "following termination", "following expiration",
    ],
    "activity": [
        "develop", "developed", "manufacture", "commercialize", "commercialise", "sell", "market", "distribute",
        "participate", "engage", "enter into", "work with", "research", "promote", "offer", "provide", "license",
    ],
    "similar": ["similar", "compete", "competitor", "comparable", "competitive", "third party", "=any other"],
    # quantities
    "minimum": ["=take or pay", "=take-or-pay", "minimum commitment", "minimum guarantee", "=shortfall payment"],
    "minimum_word": ["minimum", "=min"],
    "commit_noun": _COMMIT_NOUNS,
    "buy_verb": _BUY_VERBS,
    "least": ["at least", "minimum", "not less than", "no less than"],
    "no_commitment": [
        "no guarantee", "not guarantee", "no commitment", "not commit", "=without any commitment", "=no minimum",
        "not bind to", "no obligation to", "not oblige to", "not obligate to", "not warrant", "=n't guarantee",
        "=n’t guarantee",
    ],
    "quota": ["quota", "sales target", "revenue target", "purchase target", "annual milestone", "performance target"],
    "falls_short": ["=does not meet", "=do not meet", "=fails to meet", "=fail to meet", "=fails to achieve", "=falls short"],
    "at_least": ["minimum", "at least", "not less than", "no less than", "shortfall", "=a minimum of"],
    "purchase": [
        "purchase", "order", "buy", "quantity", "unit", "volume", "royalty", "fee", "sale", "revenue", "commitment",
        "amount", "payment", "target", "forecast", "procure", "spend", "expend", "invest", "deliver", "percentage",
    ],
    "not_commitment": [
        "notice", "=kept for", "=keep", "retain", "disclose", "insurance", "insurer", "rating", "=inspection",
        "personnel", "experience", "qualification", "standard", "specification",
    ],
    "warranty": ["warranty", "=warranted", "defect liability period", "defects liability period", "guarantee period"],
    "warrant": ["warrant", "guarantee", "=free from defect", "=free of defect", "=free from any defect"],
    "defect_claim": [
        "reject", "rejection", "defect", "defective", "nonconforming", "non-conforming", "nonconformity",
        "fail to conform", "shelf life", "revocation of acceptance", "=deemed to have accepted", "=deemed accepted",
        "=does not meet the specifications", "=not meet the specifications", "fail to comply with the specification",
    ],
    "goods": [
        "product", "shipment", "goods", "batch", "lot", "equipment", "software", "hardware", "specification",
        "delivery", "unit",
    ],
    "claim_window": ["within", "for a period of", "=no later than", "=not later than"],
    "survive": ["survive", "survival"],
    # A look-back window measures a cap ("fees paid in the twelve (12) month period preceding the
    # claim"), not how long a warranty runs.
    "lookback": [
        "=period prior to", "=period preceding", "=period immediately preceding", "=period immediately prior to",
        "=months prior to the", "=months preceding", "=months immediately preceding", "=year preceding",
        "=period before the",
    ],
    "warrant_span": [
        "for a period of", "from the date of", "after delivery", "from delivery", "after acceptance",
        "from shipment", "after shipment", "after installation",
    ],
    "warranty_period": ["warranty period", "=defects liability period", "=defect liability period", "guarantee period"],
    "duration": ["period", "expiration", "expire", "=shelf life"],
    "span": {"patterns": [[_NUM, _DAY_KIND, _UNIT], [_NUM, {"ORTH": "("}, _NUM, {"ORTH": ")"}, _DAY_KIND, _UNIT]]},
    "renew": [
        "renew", "renewal", "automatically extend", "=auto-renew", "evergreen", "=additional term",
        "=additional period",
        "=additional terms of", "=additional periods of", "=be extended for", "=extended for an additional",
        "extension term", "renewal term", "=successive", "=month-to-month", "=month to month", "=year-to-year",
        "=year to year", "extend the contract", "extend this contract", "extend the agreement",
        "extend this agreement",
        "extend the term", "option to extend", "extension period", "extension option",
    ],
    "agreement_term": [
        "this agreement", "the agreement", "initial term", "=term", "this contract", "the contract", "license term",
    ],
    "renewal_length": [
        "successive", "additional", "automatically", "further", "=year", "=years", "=months", "=one-year", "basis",
        "unless",
    ],
    "not_renewal": [
        "patent", "insurance", "policy", "definition", "delay", "force majeure", "=has the meaning",
        "=shall have the meaning",
    ],
    # payment, change, evaluation
    "pay": ["pay", "payment", "payable", "invoice", "remit", "due"],
    "pay_time": {
        "terms": ["within", "upon receipt", "=net", "in arrears", "in advance", "after receipt", "following receipt"],
    },
    "time_unit": ["day", "month", "week", "quarter", "=net 30", "=net 60", "=net 45"],
    "change_control": [
        "change control", "change request", "change order", "change note", "change control note",
        "variation procedure", "change procedure", "contract change", "=variation order", "=variation request",
        "=variation to the contract", "=variations to the contract", "contract variation",
    ],
    "evaluation": [
        "evaluation criteria", "award criteria", "evaluation methodology", "most economically advantageous",
        "scoring methodology", "evaluation model", "evaluation criterion", "award criterion", "=price/quality",
        "quality/price", "price-quality",
    ],
    "score": ["evaluate", "evaluation", "score", "scoring", "weighting", "weight", "marks", "assess"],
    "bid": ["tender", "bid", "response", "submission", "proposal", "quotation", "bidder", "tenderer"],
    "weight_unit": ["%", "percent", "per cent", "weighting", "point", "marks", "weight"],
}

# tag -> alternative pieces of evidence, any one of which tags a sentence. Each names groups of TERMS:
#   all: every group must hit (a tuple inside `all` is satisfied by any one of its groups)
#   near: (a, b, gap) a hit of b starts at most `gap` tokens after a hit of a ends
#   negated: {group: "exclude" | "require"}: the group's hit must not / must follow a negator
#   unless: any hit of these groups vetoes this piece of evidence
CLAUSES: dict[str, tuple[dict[str, Any], ...]] = {
    "liability_cap": (
        {"all": ("liability", "limit"), "negated": {"limit": "exclude"}},
        {"all": ("liability", "exceed")},
        {"all": ("excluded_loss",), "near": (("in_no_event", "liable_word", 8),)},
        {"all": ("excluded_loss", "not_liable")},
        {"all": ("exceed",), "near": (("in_no_event", "liable_word", 8),)},
        {"all": ("remedy",)},
    ),
    "uncapped_liability": (
        {"all": ("liability", "unlimited")},
        {"all": ("liability", "limit_word"), "negated": {"limit_word": "require"}, "unless": ("insurance",)},
        {"all": ("liability",), "near": (("nothing", "limit_verb", 10),), "unless": ("insurance",)},
        {"all": ("liability", "limit_ctx", "carve_out", "carve_subject")},
        {"all": ("limitations_ref", "carve_out", "carve_subject")},
    ),
    "indemnity": ({"all": ("indemnify",), "negated": {"indemnify": "exclude"}},),
    "ip_assignment": (
        {
            "all": ("assign", "ip", "creation"),
            "negated": {"assign": "exclude"},
            "unless": ("anti_assign", "no_transfer"),
        },
        {"all": ("own", "ip", "creation"), "negated": {"own": "exclude"}, "unless": ("retain",)},
        {"all": ("hereby_assign", "rights"), "negated": {"hereby_assign": "exclude"}, "unless": ("anti_assign",)},
    ),
    "ip_licence": ({"all": ("licence", "grant"), "negated": {"licence": "exclude", "grant": "exclude"}},),
    "liquidated_damages": (
        {"all": ("liquidated",), "negated": {"liquidated": "exclude"}},
        {"all": ("penalty", "pay"), "negated": {"penalty": "exclude"}, "unless": ("levied_penalty",)},
        {"all": ("violation", "pay", "amount_equal")},
    ),
    "insurance": ({"all": ("insurance", "insure_duty"), "negated": {"insure_duty": "exclude"}},),
    "audit_rights": ({"all": ("audit", "records"), "negated": {"audit": "exclude"}},),
    "termination_for_convenience": (
        {"all": ("terminate", "convenience"), "unless": ("cannot_terminate",)},
        {"all": ("notice",), "near": (("may", "terminate_verb", 4),), "unless": ("cannot_terminate", "for_cause")},
        {"all": ("notice", "terminable"), "unless": ("cannot_terminate", "for_cause")},
    ),
    "exclusivity": tuple(
        {
            **evidence,
            "negated": {"exclusive_word": "exclude", "exclusivity": "exclude"},
            "unless": ("not_exclusive", "no_commitment"),
        }
        for evidence in (
            {"all": ("exclusivity",)},
            {"near": (("exclusive_word", "deal_noun", 5),)},
            {"near": (("deal_verb", "exclusively", 2),)},
            {"near": (("exclusively", "deal_verb", 1),)},
            {"near": (("deal_noun", "exclusive_word", 10),)},
            {"near": (("deal_verb", "solely_from", 4),)},
            {"all": ("must_not", "deal_verb", "other_party")},
        )
    ),
    "non_compete": (
        {"all": ("compete", "restraint"), "unless": ("no_restraint",)},
        {"all": ("must_not", "during_term", "activity", "similar"), "unless": ("no_restraint", "solicit")},
        {"near": (("must_not", "competitor", 20),), "unless": ("no_restraint",)},
    ),
    "minimum_commitment": tuple(
        {
            **evidence,
            "negated": {"minimum": "exclude", "minimum_word": "exclude"},
            "unless": ("not_commitment", "no_commitment"),
        }
        for evidence in (
            {"all": ("minimum",)},
            {"near": (("minimum_word", "commit_noun", 2),)},
            {"near": (("buy_verb", "least", 3),)},
            {"near": (("at_least", "purchase", 10),)},
            {"near": (("purchase", "at_least", 8),)},
            {"all": ("quota",)},
            {"all": ("falls_short", "commit_noun")},
        )
    ),
    "warranty_duration": (
        {"all": ("warranty", "span"), "unless": ("survive", "lookback")},
        {"all": ("warranty_period",), "unless": ("survive",)},
        {"all": ("warranty",), "near": (("warranty", "duration", 10),), "unless": ("survive", "lookback")},
        {"all": ("warrant", "warrant_span", ("duration", "span")), "unless": ("survive", "lookback")},
        {"all": ("defect_claim", "goods", "claim_window", ("duration", "span")), "unless": ("survive", "lookback")},
    ),
    "renewal_term": (
        {
            "all": ("renew", "agreement_term", ("renewal_length", "span")),
            "negated": {"renew": "exclude"},
            "unless": ("not_renewal",),
        },
    ),
    "payment_terms": ({"all": ("pay", "pay_time", ("time_unit", "span"))},),
    "change_control": ({"all": ("change_control",)},),
    "evaluation_criteria": (
        {"all": ("evaluation",)},
        {"all": ("score", "bid", "weight_unit")},
    ),
}
