"""The IMS Enterprise XML export in the Norwegian PIFU-IMS profile, which Visma Flyktning
og Voksenopplæring writes for Feide provisioning.

Read with defusedxml, a DTD forbidden outright: no external entities, no entity
expansion (billion laughs), no network. ``person`` elements become records (the
``sourcedid`` id is the external id; ``userid`` elements, by ``useridtype``, the
identity numbers the mapping names); ``group`` and ``membership`` elements say which unit
(and so which municipality) a person belongs to. A person with ``recstatus="3"``
(deleted in Visma) is skipped, not imported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from visma_flyktning.errors import ExportError
from visma_flyktning.mapping import PifuMapping
from visma_flyktning.records import RawRecord

NAMESPACE = "http://pifu.no/xsd/pifu-ims_sas/pifu-ims_sas-1.1"
NS = {"p": NAMESPACE}
DELETED = "3"


@dataclass(frozen=True, kw_only=True)
class Skipped:
    file: str
    location: str
    external_id: str | None
    reason: str


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _path(path: str) -> str:
    return "/".join(f"p:{part}" for part in path.split("/") if part)


def parse_document(data: bytes, *, file: str) -> Element:
    """The root ``enterprise`` element; ``ExportError`` for anything unsafe or malformed."""
    try:
        root: Element = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ExportError(
            file,
            f"is refused: it declares a DTD or entities ({type(error).__name__}); "
            "a PIFU-IMS export has none",
        ) from None
    except ParseError as error:
        line, column = error.position
        raise ExportError(file, f"is not well-formed XML (line {line}, column {column})") from None
    if root.tag != _q("enterprise"):
        raise ExportError(
            file,
            f"is not a PIFU-IMS document: the root is {root.tag}, not enterprise in "
            f"the namespace {NAMESPACE}",
        )
    return root


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _memberships(root: Element) -> dict[str, set[str]]:
    """Person id -> the ids of the groups they are a member of."""
    groups_of: dict[str, set[str]] = defaultdict(set)
    for membership in root.findall("p:membership", NS):
        group = _text(membership.find("p:sourcedid/p:id", NS))
        if group is None:
            continue
        for member in membership.findall("p:member", NS):
            person = _text(member.find("p:sourcedid/p:id", NS))
            if person is not None:
                groups_of[person].add(group)
    return groups_of


def read_pifu(
    data: bytes, *, file: str, mapping: PifuMapping
) -> tuple[list[RawRecord], list[Skipped]]:
    root = parse_document(data, file=file)
    groups_of = _memberships(root)
    by_type = {useridtype: field for field, useridtype in mapping.userid_types.items()}
    records: list[RawRecord] = []
    skipped: list[Skipped] = []
    for number, person in enumerate(root.findall("p:person", NS), start=1):
        external_id = _text(person.find("p:sourcedid/p:id", NS))
        location = f"person {number}" + (f" (sourcedid {external_id})" if external_id else "")
        if person.get("recstatus") == DELETED:
            skipped.append(
                Skipped(
                    file=file,
                    location=location,
                    external_id=external_id,
                    reason="deleted in Visma (recstatus 3): not imported; end the programme "
                    "in plan-service if it should end",
                )
            )
            continue
        fields: dict[str, str | list[str] | None] = {"external_id": external_id}
        for name, path in mapping.fields.items():
            found = [_text(e) for e in person.findall(_path(path), NS)]
            values = [v for v in found if v]
            fields[name] = values if name == "languages" else (values[0] if values else None)
        for userid in person.findall("p:userid", NS):
            field = by_type.get(userid.get("useridtype", ""))
            if field is not None:
                fields[field] = _text(userid)
        municipalities = tuple(
            sorted(
                {
                    mapping.unit_municipalities[g]
                    for g in groups_of.get(external_id or "", set())
                    if g in mapping.unit_municipalities
                }
            )
        )
        records.append(
            RawRecord(file=file, location=location, fields=fields, municipalities=municipalities)
        )
    return records, skipped
