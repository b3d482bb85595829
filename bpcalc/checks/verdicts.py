"""The verdicts a checked node can get: words shared by the check and the renderers.

Kept apart from bpcalc/check.py so that showing a result (a table of an unchecked run, say)
does not import the check and what it needs.
"""

OK, MISMATCH, KINK, UNCHECKED, UNDEFINED = "ok", "mismatch", "kink", "unchecked", "undefined"
INCONCLUSIVE = "inconclusive"  # a directional check that could not be decided (see its reason)
