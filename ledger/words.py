"""Codes the fund shows in words: a claim's status, a claim type, what a number names.

They stay codes in the record, in JSON and in files; a person reads them in words, in the
language chosen (`Translator.word`). Marked here once (C_, the catalogue's context "code"),
so that every code a table or a message shows has its translation.
"""

from .language import C_

STATUSES = (C_("submitted"), C_("assessed"), C_("approved"), C_("paid"), C_("rejected"),
            C_("appealed"), C_("reversed"), C_("enrolled"), C_("open"), C_("closed"),
            C_("upheld"), C_("overturned"), C_("not enrolled"), C_("not covered"))
CLAIM_TYPES = (C_("inpatient"), C_("outpatient-major"))
INCOME = (C_("donation"), C_("subsidy"), C_("assistance"), C_("deposit"), C_("contribution"),
          C_("refund"), C_("repayment"), C_("payout run"))
KINDS = (C_("member"), C_("claim"), C_("receipt"), C_("plan year"), C_("hospital"),
         C_("bill"), C_("reference"), C_("run"), C_("record"), C_("year"), C_("operator"))
FILES = (C_("roster"), C_("claims file"), C_("bank statement"), C_("rules file"), C_("header"))
HARDSHIP = (C_("low-income"), C_("special-hardship"), C_("disabled"))
LEVELS = (C_("level 1"), C_("level 2"), C_("level 3"))
CURRENCIES = (C_("CNY"),)
