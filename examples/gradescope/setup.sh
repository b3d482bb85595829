#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built (Ubuntu, as root).
# It installs Python and bpcalc. bpcalc is not on the package index: build a wheel from your
# clone (`pip wheel --no-deps -w examples/gradescope .`) and upload it with this folder.
set -euo pipefail
apt-get update
apt-get install -y python3 python3-pip
if ls /autograder/source/bpcalc-*.whl >/dev/null 2>&1; then
    python3 -m pip install /autograder/source/bpcalc-*.whl
else
    echo "setup.sh: no bpcalc-*.whl in /autograder/source; build one from a clone with" >&2
    echo "  pip wheel --no-deps -w examples/gradescope ." >&2
    exit 1
fi
