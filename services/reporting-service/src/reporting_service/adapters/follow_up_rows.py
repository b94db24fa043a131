"""The statistics and follow-up parts of a ``ChainState`` to and from their
``participant_chain`` columns: the coarse gender, the yearly follow-up, the ledger's
recent days (``domain/chain/follow_up.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from reporting_service.domain.chain import ChainState
from reporting_service.domain.chain.follow_up import FollowUpYear, Gender, LedgerDay

COLUMNS = ["gender", "follow_up", "ledger"]


def to_row(state: ChainState) -> dict[str, Any]:
    gender = state.gender
    return {
        "gender": None
        if gender is None
        else {"code": gender.code, "on": gender.on.isoformat(), "rank": gender.rank},
        "follow_up": [
            {
                "years": f.years,
                "status": f.status,
                "status_on": f.status_on.isoformat(),
                "still_in_municipality": f.still_in_municipality,
            }
            for f in state.follow_up
        ],
        # Compact: [id, date, minutes, absence, invalid, corrects]
        "ledger": [
            [d.entry_id, d.entry_date.isoformat(), d.minutes, d.absence, d.invalid, d.corrects]
            for d in state.ledger
        ],
    }


def from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The ``ChainState`` fields of these columns (absent columns: none known)."""
    gender = row.get("gender")
    return {
        "gender": None
        if not gender
        else Gender(gender["code"], date.fromisoformat(gender["on"]), gender["rank"]),
        "follow_up": tuple(
            FollowUpYear(
                years=f["years"],
                status=f["status"],
                status_on=date.fromisoformat(f["status_on"]),
                still_in_municipality=f.get("still_in_municipality"),
            )
            for f in row.get("follow_up") or ()
        ),
        "ledger": tuple(
            LedgerDay(d[0], date.fromisoformat(d[1]), d[2], d[3], d[4], d[5])
            for d in row.get("ledger") or ()
        ),
    }
