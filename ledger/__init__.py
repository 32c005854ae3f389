"""Fundbook's domain, use cases, store and views.

What the fund's own code logs (`logging`, under "ledger") is for whoever looks into a failure:
a test's report, or the log `fund --debug` writes. Never the administrator's screen: without a
handler of its own, Python would print warnings to the terminal.
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
