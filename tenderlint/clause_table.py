"""The evidence for each clause type, as data: term groups, and which groups must meet in a sentence.

Terms are matched on lemmas ("indemnify" finds "indemnified"); "=" marks exact wording. A group
hit inside an IDIOM is ignored, so "including without limitation" is neither a cap nor its absence.
Negation ("shall not be limited") flips a cap into uncapped liability; `unless` groups veto a tag.
"""

from __future__ import annotations

from typing import Any

_NUM = {"LIKE_NUM": True}
_UNIT = {"LEMMA": {"IN": ["day", "week", "month", "year"]}}
_ANY = {"OP": "?"}
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
_DEAL_VERBS = [
    "sell", "supply", "purchase", "buy", "distribute", "market", "manufacture", "obtain", "source", "procure",
    "license", "provide", "promote", "offer", "resell", "appoint", "deal", "work", "order",
]

# Drafting idioms whose words would otherwise read as evidence.
IDIOMS = [
    "without limitation", "without limiting", "not limited to", "=without being limited", "=not in limitation", "=but not limited to", "not be limited to",
    "limited liability company", "limited liability partnership", "limited partnership",
    "non-exclusive", "nonexclusive", "=non exclusive", "exclusive remedy", "exclusive jurisdiction",
    "exclusive venue", "exclusive of", "=exclusive forum", "competitive bid", "competitive price",
    "competitive pricing", "competitive rate", "competitive tender", "competitive basis", "competitive term",
    "competitive process", "competitive procedure", "competitive dialogue", "competitive flexible procedure",
    "to the extent", "=insurance company", "=in lieu of", "=audited accounts", "=audited financial",
    "=audited statements", "competitive harm", "unfair competition", "competitive analysis", "=competing interests", "=audited consolidated", "audit committee",
]

TERMS: dict[str, Any] = {
    # liability and its limits
    "liability": ["liability", "liable", "damages", "=damages"],
    "limit": ["limit", "limitation", "cap", "maximum", "aggregate", "ceiling", "=limited"],
    "limit_word": ["limit", "limitation", "cap", "restrict"],
    "exceed": ["exceed", "in excess of", "greater than", "more than", "not to exceed"],
    "no_event_liable": {
        "patterns": [
            [{"LOWER": {"IN": ["no", "neither"]}}, {"LOWER": "event"}, _ANY, _ANY, _ANY, _ANY, _ANY, {"LOWER": {"IN": ["be", "have"]}}, {"LEMMA": {"IN": ["liable", "responsible", "liability"]}}],
            [{"LOWER": {"IN": ["not", "no"]}}, {"LOWER": "be", "OP": "?"}, {"LEMMA": {"IN": ["liable", "responsible"]}}],
        ]
    },
    "excluded_loss": [
        "consequential", "indirect damage", "incidental", "punitive", "exemplary", "special damage",
        "lost profit", "loss of profit", "loss of revenue", "loss of business", "loss of data",
        "special, incidental", "=special,", "indirect loss", "indirect,",
    ],
    "remedy": ["sole remedy", "exclusive remedy", "sole and exclusive remedy", "entire liability", "sole liability", "sole obligation"],
    "unlimited": ["unlimited", "uncapped", "=without limit", "=without any limit", "=without limitation as to amount", "=no limit", "=not be subject to any limit"],
    "nothing_limits": {
        "patterns": [
            [{"LOWER": "nothing"}, _ANY, _ANY, _ANY, _ANY, _ANY, {"LEMMA": {"IN": ["limit", "exclude", "restrict"]}}],
        ]
    },
    "limit_ctx": ["limit", "limitation", "exceed", "consequential", "in no event", "=under no circumstances", "cap", "maximum"],
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
        "develop", "developed", "development", "create", "conceive", "invent", "generate", "make", "arise", "reduce to practice", "improvement",
        "modification", "enhancement", "derivative", "result of", "in the course of", "hereunder",
        "under this agreement", "pursuant to this agreement", "in connection with", "author", "produce",
    ],
    "assign": ["assign", "hereby assign", "transfer", "convey", "vest"],
    "hereby_assign": [
        "hereby assign", "hereby irrevocably assign", "hereby transfer", "agree to assign", "=shall assign",
        "=will assign", "=does assign", "=do hereby assign", "=shall be assigned", "work made for hire",
        "work for hire", "made for hire", "=made-for-hire", "=works made-for- hire", "=work-for-hire",
    ],
    "rights": ["right", "title", "interest", "ownership"],
    "own": {
        "patterns": [
            [{"LEMMA": {"IN": ["be", "become"]}}, {"LOWER": {"IN": ["the", "our", "its", "their", "his", "her", "your"]}, "OP": "?"},
             {"LOWER": {"IN": ["sole", "exclusive", "absolute", "separate"]}, "OP": "?"}, {"LOWER": "and", "OP": "?"},
             {"LOWER": {"IN": ["sole", "exclusive"]}, "OP": "?"}, {"LEMMA": "property"}],
        ],
        "terms": [
            "become the sole", "become the exclusive", "be own by", "=be owned by", "=shall own", "=will own",
            "=shall exclusively own", "=shall solely own", "belong exclusively", "=shall belong", "=will belong",
            "vest in", "work made for hire", "work for hire", "made for hire", "=owned exclusively by",
        ],
    },
    "retain": ["retain", "remain the property", "remain the sole", "remain the exclusive", "remain with", "=each party"],
    "no_transfer": [
        "=nothing in this agreement", "=nothing contained in this agreement", "=nothing herein", "=no title",
        "=no right", "=no license", "=no licence", "reverse engineer", "=not be construed",
    ],
    "anti_assign": [
        "assign this agreement", "assign the agreement", "assign its right", "assignment of this agreement",
        "successor", "change of control", "merger", "subcontract", "delegate", "=rights or obligations", "=rights and obligations", "=rights or duties",
        "=rights and duties", "lease",
    ],
    "licence": ["license", "licence", "sublicense", "sublicence", "licensed", "licenced"],
    "grant": ["grant", "hereby grant", "right to use", "permit to use"],
    # damages, insurance, audits
    "liquidated": [
        "liquidated damages", "liquidated damage", "termination fee", "break fee", "break-up fee", "breakup fee",
        "termination payment", "early termination fee", "early termination charge", "cancellation fee",
        "cancellation charge", "service credit", "delay damages", "=as a penalty", "kill fee", "termination charge",
        "buyout payment", "buyout fee", "buy-out fee", "exit fee", "pre-estimate", "break-up", "breakage fee",
    ],
    "penalty": {
        "terms": ["payment penalty", "penalty payment", "late delivery penalty", "penalty clause"],
        "patterns": [
            [{"LEMMA": "pay"}, {"LOWER": {"IN": ["a", "the", "any"]}, "OP": "?"}, {"LEMMA": "penalty"}],
            [{"LEMMA": "penalty"}, {"LOWER": {"IN": ["of", "equal", "equivalent", "amounting"]}}],
        ],
    },
    "insurance": ["insurance", "insurer", "insured", "insure", "underwriter"],
    "insure_duty": [
        "maintain", "carry", "procure", "obtain", "keep", "effect", "take out", "policy", "coverage", "cover",
        "certificate", "additional insured", "named insured", "limit", "in full force",
    ],
    "audit": ["audit", "inspect", "inspection", "examine", "examination", "=auditor", "=auditors"],
    "records": [
        "book", "record", "account", "accounting", "ledger", "facility", "facilities", "premises", "document",
        "documentation", "site", "plant", "operation", "manufacturing", "statement", "report", "relevant",
    ],
    # termination for convenience
    "terminate": ["terminate", "termination", "terminable", "=end this agreement"],
    "may_terminate": {
        "patterns": [
            [{"LOWER": {"IN": ["may", "can"]}}, _ANY, _ANY, _ANY, _ANY, {"LEMMA": {"IN": ["terminate", "terminable"]}}],
            [{"LEMMA": {"IN": ["right", "entitle", "option", "elect", "free"]}}, {"LOWER": "to"}, _ANY, _ANY, _ANY, {"LEMMA": "terminate"}],
            [{"LEMMA": "terminate"}, {"LOWER": "by"}, {"LOWER": {"IN": ["either", "both", "any", "each"]}}],
            [{"LOWER": "terminable"}],
        ]
    },
    "convenience": [
        "convenience", "unilaterally terminate", "without cause", "with or without cause", "for no reason", "for any or no reason",
        "=without reason", "at will", "=without any reason", "=without assigning any reason", "=without giving any reason",
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
    "cannot_terminate": {
        "terms": ["=no right to terminate", "=not be entitled to terminate", "=not have the right to terminate"],
        "patterns": [[{"LOWER": {"IN": ["may", "can", "shall", "will"]}}, {"LOWER": "not"}, {"LOWER": "be", "OP": "?"}, _ANY, {"LEMMA": {"IN": ["terminate", "cancel"]}}]],
    },
    # exclusivity and competition
    "exclusive": {
        "terms": [
            "exclusivity", "=all of its requirements", "=all of their requirements", "=all of its requirement",
            "sole source", "sole supplier", "sole distributor", "sole and exclusive distributor", "sole provider",
        ],
        "patterns": [
            [{"LEMMA": "exclusive"}, _ANY, _ANY, _ANY, _ANY, _ANY, {"LEMMA": {"IN": _DEAL_NOUNS}}],
            [{"LOWER": {"IN": ["only", "sole"]}}, {"LEMMA": {"IN": ["distributor", "supplier", "provider", "reseller", "dealer", "agent", "licensee", "source"]}}],
            [{"LEMMA": {"IN": _DEAL_VERBS}}, _ANY, _ANY, {"LOWER": "exclusively"}],
            [{"LOWER": "exclusively"}, _ANY, {"LEMMA": {"IN": _DEAL_VERBS}}],
        ],
    },
    "not_exclusive": [
        "=nothing herein", "=not be construed", "=shall not be considered", "=non-exclusively", "=not exclusive",
        "=not be exclusive", "goodwill", "inure", "enure", "enforce", "prosecution", "prosecute",
    ],
    "compete": [
        "compete", "competitive product", "competitive business", "competing product", "competing business", "competitive service", "competitive with",
        "in competition with", "non-compete", "non-competition", "noncompetition", "non compete",
    ],
    "restraint": [
        "not", "=shall not", "=will not", "=not to", "refrain", "restrict", "restriction", "prohibit", "covenant",
        "non-compete", "non-competition", "noncompetition", "=neither", "=nor",
    ],
    "no_restraint": ["=shall not prevent", "=does not contain", "=not be construed", "=nothing in this agreement", "=nothing herein", "=not prohibit", "=not restrict"],
    "must_not": {
        "terms": ["refrain", "covenant", "=agrees not to", "=agree not to", "=not to"],
        "patterns": [[{"LOWER": {"IN": ["shall", "will", "may", "must"]}}, {"LOWER": "not"}], [{"LOWER": "neither"}]],
    },
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
    "minimum": {
        "terms": ["=take or pay", "=take-or-pay", "minimum commitment", "minimum guarantee", "=shortfall payment"],
        "patterns": [
            [{"LEMMA": {"IN": ["minimum", "min"]}}, _ANY, _ANY, {"LEMMA": {"IN": _COMMIT_NOUNS}}],
            [{"LEMMA": {"IN": _BUY_VERBS}}, _ANY, _ANY, _ANY, {"LOWER": {"IN": ["least", "minimum"]}}],
            [{"LEMMA": {"IN": _BUY_VERBS}}, _ANY, _ANY, _ANY, {"LOWER": {"IN": ["not", "no"]}}, {"LOWER": "less"}, {"LOWER": "than"}],
        ],
    },
    "at_least": ["minimum", "at least", "not less than", "no less than", "shortfall", "=a minimum of"],
    "purchase": [
        "purchase", "order", "buy", "quantity", "unit", "volume", "royalty", "fee", "sale", "revenue", "commitment",
        "amount", "payment", "target", "forecast", "procure", "spend", "expend", "invest", "deliver", "percentage",
    ],
    "not_commitment": ["notice", "=kept for", "=keep", "retain", "disclose", "insurance", "insurer", "rating", "=inspection"],
    "warranty": ["warranty", "=warranted", "defect liability period", "defects liability period", "guarantee period"],
    "warrant": ["warrant", "guarantee", "=free from defect", "=free of defect", "=free from any defect"],
    "defect_claim": [
        "reject", "rejection", "defect", "defective", "nonconforming", "non-conforming", "nonconformity",
        "fail to conform", "shelf life", "revocation of acceptance", "=deemed to have accepted", "=deemed accepted",
    ],
    "claim_window": ["within", "for a period of", "=no later than", "=not later than"],
    "survive": ["survive", "survival"],
    "warrant_span": ["for a period of", "from the date of", "after delivery", "from delivery", "after acceptance", "from shipment", "after shipment", "after installation"],
    "duration": {
        "terms": ["warranty period", "period", "expiration", "expire", "=shelf life", "=defects liability period"],
        "patterns": [[_NUM, _UNIT], [_NUM, {"ORTH": "("}, _NUM, {"ORTH": ")"}, _UNIT]],
    },
    "renew": [
        "renew", "renewal", "automatically extend", "=auto-renew", "evergreen", "=additional term", "=additional period",
        "=additional terms of", "=additional periods of", "=be extended for", "=extended for an additional",
        "extension term", "renewal term", "=successive", "=month-to-month", "=month to month", "=year-to-year",
        "=year to year",
    ],
    "agreement_term": [
        "this agreement", "the agreement", "initial term", "=term", "this contract", "the contract", "license term",
    ],
    "renewal_length": {
        "terms": ["successive", "additional", "automatically", "further", "=year", "=years", "=months", "=one-year", "basis", "unless"],
        "patterns": [[_NUM, _UNIT], [_NUM, {"ORTH": "("}, _NUM, {"ORTH": ")"}, _UNIT]],
    },
    "not_renewal": ["patent", "insurance", "policy", "definition", "=has the meaning", "=shall have the meaning"],
    "term_period": ["term", "period", "year", "month", "agreement", "contract"],
    # payment, change, evaluation
    "pay": ["pay", "payment", "payable", "invoice", "remit", "due"],
    "pay_time": {
        "terms": ["within", "upon receipt", "=net", "in arrears", "in advance", "after receipt", "following receipt"],
    },
    "time_unit": {"terms": ["day", "month", "week", "quarter", "=net 30", "=net 60", "=net 45"], "patterns": [[_NUM, _UNIT]]},
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

# tag -> alternative pieces of evidence; each: all (groups), negated ({group: exclude|require}), unless
CLAUSES: dict[str, tuple[dict[str, Any], ...]] = {
    "liability_cap": (
        {"all": ("liability", "limit"), "negated": {"limit": "exclude"}},
        {"all": ("liability", "exceed")},
        {"all": ("no_event_liable", "excluded_loss")},
        {"all": ("no_event_liable", "exceed")},
        {"all": ("remedy",)},
    ),
    "uncapped_liability": (
        {"all": ("liability", "unlimited")},
        {"all": ("liability", "limit_word"), "negated": {"limit_word": "require"}, "unless": ("insurance",)},
        {"all": ("nothing_limits", "liability"), "unless": ("insurance",)},
        {"all": ("liability", "limit_ctx", "carve_out", "carve_subject")},
    ),
    "indemnity": ({"all": ("indemnify",), "negated": {"indemnify": "exclude"}},),
    "ip_assignment": (
        {"all": ("assign", "ip", "creation"), "negated": {"assign": "exclude"}, "unless": ("anti_assign", "no_transfer")},
        {"all": ("own", "ip", "creation"), "negated": {"own": "exclude"}, "unless": ("retain",)},
        {"all": ("hereby_assign", "rights"), "negated": {"hereby_assign": "exclude"}, "unless": ("anti_assign",)},
    ),
    "ip_licence": ({"all": ("licence", "grant"), "negated": {"licence": "exclude", "grant": "exclude"}},),
    "liquidated_damages": (
        {"all": ("liquidated",), "negated": {"liquidated": "exclude"}},
        {"all": ("penalty", "pay"), "negated": {"penalty": "exclude"}},
    ),
    "insurance": ({"all": ("insurance", "insure_duty"), "negated": {"insure_duty": "exclude"}},),
    "audit_rights": ({"all": ("audit", "records"), "negated": {"audit": "exclude"}},),
    "termination_for_convenience": (
        {"all": ("terminate", "convenience"), "unless": ("cannot_terminate",)},
        {"all": ("may_terminate", "notice"), "unless": ("cannot_terminate", "for_cause")},
    ),
    "exclusivity": ({"all": ("exclusive",), "negated": {"exclusive": "exclude"}, "unless": ("not_exclusive",)},),
    "non_compete": (
        {"all": ("compete", "restraint"), "unless": ("no_restraint",)},
        {"all": ("must_not", "during_term", "activity", "similar")},
    ),
    "minimum_commitment": (
        {"all": ("minimum",), "unless": ("insurance",)},
        {"all": ("at_least", "purchase"), "unless": ("not_commitment",)},
    ),
    "warranty_duration": (
        {"all": ("warranty", "duration"), "unless": ("survive",)},
        {"all": ("warrant", "warrant_span", "duration"), "unless": ("survive",)},
        {"all": ("defect_claim", "claim_window", "duration"), "unless": ("survive",)},
    ),
    "renewal_term": (
        {"all": ("renew", "agreement_term", "renewal_length"), "negated": {"renew": "exclude"}, "unless": ("not_renewal",)},
    ),
    "payment_terms": ({"all": ("pay", "pay_time", "time_unit")},),
    "change_control": ({"all": ("change_control",)},),
    "evaluation_criteria": (
        {"all": ("evaluation",)},
        {"all": ("score", "bid", "weight_unit")},
    ),
}
