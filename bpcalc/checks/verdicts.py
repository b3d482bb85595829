"""The verdicts a checked node can get: words shared by the check and the renderers.

Kept apart from bpcalc/check.py so that showing a result (a table of an unchecked run, say)
does not import the check and what it needs.
"""

OK, MISMATCH, KINK, UNCHECKED, UNDEFINED = "ok", "mismatch", "kink", "unchecked", "undefined"
INCONCLUSIVE = "inconclusive"  # a directional check that could not be decided (see its reason)
# Backprop differs from the exact value only by what float64 rounding can do to this computation
# (cancellation): the engine did what float64 can. It does not fail the check.
ILL_CONDITIONED = "ill-conditioned"

# What a verdict promises, for the table's footer and the README.
MEANINGS = {
    UNDEFINED: "undefined: this gradient has no real value here (near this point the function is not real in "
               "that variable, e.g. x^y in y at x < 0); it is not compared, and it is null in JSON",
    ILL_CONDITIONED: "ill-conditioned: backprop differs from the exact value (SymPy, 30 digits) only by what "
                     "float64 rounding can do to this computation (cancellation): see the check notes",
}
