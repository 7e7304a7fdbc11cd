"""tests/slow.txt from a run's durations: every test function one of whose cases took half a second
or more (``pytest -n 2 --durations=0 > DURATIONS_LOG``, on the CI machine, nothing else running).

    python scripts/slow_tests.py DURATIONS_LOG > tests/slow.txt
"""

from __future__ import annotations

import re
import sys
from collections import Counter

SECONDS = 0.5
HEADER = """\
# Tests the matrix runs of .ci/run leave out (-m "not slow"): each took half a second or more
# in one run of the suite on the 2-core CI machine (pytest --durations=0). The locked run
# runs them, as every test. A test marked @pytest.mark.slow in its file
# is slow too. Regenerate: scripts/slow_tests.py DURATIONS_LOG > tests/slow.txt
"""


def main(log: str) -> None:
    took: Counter[str] = Counter()
    with open(log, encoding="utf-8") as lines:
        for line in lines:
            found = re.match(r"\s*([\d.]+)s (?:call|setup|teardown)\s+(\S+)", line)
            if found:
                took[found[2]] += float(found[1])
    slowest: dict[str, float] = {}
    for test, seconds in took.items():
        function = test.split("[")[0]
        slowest[function] = max(slowest.get(function, 0.0), seconds)
    chosen = sorted(name for name, seconds in slowest.items() if seconds >= SECONDS)
    sys.stdout.write(HEADER + "".join(f"{name}\n" for name in chosen))


if __name__ == "__main__":
    main(sys.argv[1])
