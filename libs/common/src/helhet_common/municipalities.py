"""Norwegian municipality numbers (kommunenummer, 2024 numbering) Helhet knows.

All of Innlandet (where the research took place) and the other municipalities the
research and the demo name. ``is_known`` is the check behind "unknown municipality";
a deployment elsewhere adds its own numbers to this table in a reviewed change.
"""

from __future__ import annotations

MUNICIPALITIES: dict[str, str] = {
    "0301": "Oslo",
    "1103": "Stavanger",
    "3905": "Tønsberg",
    "4601": "Bergen",
    "4602": "Kinn",
    "5001": "Trondheim",
    "3401": "Kongsvinger",
    "3403": "Hamar",
    "3405": "Lillehammer",
    "3407": "Gjøvik",
    "3411": "Ringsaker",
    "3412": "Løten",
    "3413": "Stange",
    "3414": "Nord-Odal",
    "3415": "Sør-Odal",
    "3416": "Eidskog",
    "3417": "Grue",
    "3418": "Åsnes",
    "3419": "Våler",
    "3420": "Elverum",
    "3421": "Trysil",
    "3422": "Åmot",
    "3423": "Stor-Elvdal",
    "3424": "Rendalen",
    "3425": "Engerdal",
    "3426": "Tolga",
    "3427": "Tynset",
    "3428": "Alvdal",
    "3429": "Folldal",
    "3430": "Os",
    "3431": "Dovre",
    "3432": "Lesja",
    "3433": "Skjåk",
    "3434": "Lom",
    "3435": "Vågå",
    "3436": "Nord-Fron",
    "3437": "Sel",
    "3438": "Sør-Fron",
    "3439": "Ringebu",
    "3440": "Øyer",
    "3441": "Gausdal",
    "3442": "Østre Toten",
    "3443": "Vestre Toten",
    "3446": "Gran",
    "3447": "Søndre Land",
    "3448": "Nordre Land",
    "3449": "Sør-Aurdal",
    "3450": "Etnedal",
    "3451": "Nord-Aurdal",
    "3452": "Vestre Slidre",
    "3453": "Øystre Slidre",
    "3454": "Vang",
}


def is_known(number: str) -> bool:
    return number in MUNICIPALITIES


def name_of(number: str) -> str:
    return MUNICIPALITIES.get(number, number)
