"""Score `search` on the relevance set: hit@1, hit@5 and mean reciprocal rank.

    python benchmarks/search_quality.py            # the figures
    python benchmarks/search_quality.py --misses   # and each query whose first hit is not expected

The set is tests/relevance.json: queries people bring, each with the ids a reader of
the sources expects among the first five hits. A query scores 1/rank of its first
expected hit among the first twenty (0 when none is there); hit@1 and hit@5 count the
queries with an expected id first, or among the first five. tests/test_relevance.py
holds the targets (hit@5 = 100%, MRR >= 0.9).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RELEVANCE = HERE.parent / "tests" / "relevance.json"


def relevance_set(path: Path = RELEVANCE) -> list[dict[str, Any]]:
    """The queries of the relevance set, each with its ``expect`` ids."""
    queries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["queries"]
    return queries


def ranks(bio: Any, queries: list[dict[str, Any]]) -> list[tuple[str, int | None, list[str]]]:
    """Each query, the rank (1-based) of its first expected hit or None, and its first ids."""
    from bazhanov_cli.queries.search import DEFAULT_LIMIT, search

    found = []
    for entry in queries:
        hits = [hit["id"] for hit in search(bio, entry["query"], limit=DEFAULT_LIMIT).hits]
        expected = set(entry["expect"])
        rank = next((place for place, hit in enumerate(hits, 1) if hit in expected), None)
        found.append((entry["query"], rank, hits[:5]))
    return found


def figures(found: list[tuple[str, int | None, list[str]]]) -> dict[str, float]:
    """hit@1, hit@5 and MRR of ``ranks``' answer, as fractions."""
    count = len(found)
    return {
        "hit@1": sum(rank == 1 for _, rank, _ in found) / count,
        "hit@5": sum(rank is not None and rank <= 5 for _, rank, _ in found) / count,
        "MRR": sum(1 / rank for _, rank, _ in found if rank is not None) / count,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--misses", action="store_true", help="list queries not answered first")
    args = parser.parse_args()

    from bazhanov_cli.api import load

    queries = relevance_set()
    found = ranks(load(), queries)
    result = figures(found)
    print(f"{len(queries)} queries")
    for name, value in result.items():
        print(f"{name:6} {value:.3f}")
    if args.misses:
        for query, rank, first in found:
            if rank != 1:
                print(f"{query!r}: rank {rank}; first {first}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
