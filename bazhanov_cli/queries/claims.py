"""What the sources attribute rather than state: the claims, and ``--attributed``/``--stated``
as a query step. Pure, like every query."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import cast

from ..model.entries import (
    Claim,
    ClaimKind,
)
from ..model.items import Biography, Event
from ..model.kinds import ITEM_KINDS, items_of
from .lookup import Sortable, chronological

# --- what the sources attribute rather than state ----------------------------------------


def claims_in(bio: Biography, kinds: Collection[ClaimKind] | None = None) -> list[Claim]:
    """Every statement whose ``attribution`` is not null, of the ``kinds`` asked (all when None).

    Positions first (the infobox's order; their id is ``positions``, the field ``show``
    takes), then each kind of ``KINDS`` that names an attribution field: events by date,
    the others in the file's order. Who says so and the passages come as the data has them.
    """
    found: list[Claim] = []
    if kinds is None or "position" in kinds:
        found += [
            {
                "kind": "position",
                "id": "positions",
                "title": position["title"],
                "statement": position["title"],
                "attribution": position["attribution"],
                "provenance": position["provenance"],
            }
            for position in bio["facts"]["positions"]
            if position["attribution"] is not None
        ]
    for spec in ITEM_KINDS:
        if spec.attribution is None or (kinds is not None and spec.kind not in kinds):
            continue
        assert spec.title is not None  # every kind of item has a title
        assert spec.statement is not None  # and a statement
        items: Sequence[Mapping[str, object]] = items_of(bio, spec)
        if spec.kind == "event":
            items = chronological(cast("list[Event]", items))
        found += [
            cast(
                "Claim",
                {
                    "kind": spec.kind,
                    "id": item["id"],
                    "title": item[spec.title],
                    "statement": item[spec.statement],
                    "attribution": item[spec.attribution],
                    "provenance": item["provenance"],
                },
            )
            for item in items
            if item[spec.attribution] is not None
        ]
    return found


def by_attribution(records: Sequence[Sortable], attributed: bool | None) -> list[Sortable]:
    """The records whose ``attribution`` is not null (``attributed``) or null (not); all when
    None. A record with no such field (an edition, a place) states what it holds."""
    if attributed is None:
        return list(records)
    return [record for record in records if (record.get("attribution") is not None) is attributed]
