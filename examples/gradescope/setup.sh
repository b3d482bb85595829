#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built (Ubuntu, as root).
# It installs Python and bpcalc; put a bpcalc wheel next to this file to pin the version.
set -euo pipefail
apt-get update
apt-get install -y python3 python3-pip
if ls /autograder/source/bpcalc-*.whl >/dev/null 2>&1; then
    python3 -m pip install /autograder/source/bpcalc-*.whl
else
    python3 -m pip install bpcalc
fi
