"""JSON shapes of the value objects kept in JSON columns (and their way back)."""

from __future__ import annotations

from datetime import date, time
from typing import Any
from uuid import UUID

from placement_service.domain.codes import (
    AgreementKind,
    Anchoring,
    AssessmentMethod,
    ContactRole,
    GeoPoint,
    NavMeasureRole,
    NavMeasureType,
    Skill,
    Weekday,
)
from placement_service.domain.employers import Agreement, ContactPerson, Location, MunicipalContact
from placement_service.domain.openings import Schedule
from placement_service.domain.placements import FollowUpPlan, LanguageAgreement, NavMeasure


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def agreement_to_json(a: Agreement) -> dict[str, Any]:
    return {
        "kind": a.kind.value,
        "anchored_at": a.anchored_at.value,
        "signed_on": _iso(a.signed_on),
        "valid_to": _iso(a.valid_to),
    }


def agreement_from_json(d: dict[str, Any]) -> Agreement:
    return Agreement(
        AgreementKind(d["kind"]), Anchoring(d["anchored_at"]), _d(d["signed_on"]), _d(d["valid_to"])
    )


def responsible_to_json(r: MunicipalContact | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"name": r.name, "unit": r.unit, "phone": r.phone, "email": r.email}


def responsible_from_json(d: dict[str, Any] | None) -> MunicipalContact | None:
    return MunicipalContact(d["name"], d["unit"], d.get("phone"), d.get("email")) if d else None


def location_to_json(loc: Location) -> dict[str, Any]:
    return {
        "id": str(loc.id),
        "name": loc.name,
        "address": loc.address,
        "latitude": loc.point.latitude if loc.point else None,
        "longitude": loc.point.longitude if loc.point else None,
        "public_transport": loc.public_transport,
    }


def location_from_json(d: dict[str, Any]) -> Location:
    point = None
    if d.get("latitude") is not None and d.get("longitude") is not None:
        point = GeoPoint(float(d["latitude"]), float(d["longitude"]))
    return Location(UUID(d["id"]), d["name"], d["address"], point, bool(d["public_transport"]))


def contact_to_json(c: ContactPerson) -> dict[str, Any]:
    return {
        "id": str(c.id),
        "name": c.name,
        "role": c.role.value,
        "phone": c.phone,
        "email": c.email,
        "login_sub": c.login_sub,
        "left_on": _iso(c.left_on),
    }


def contact_from_json(d: dict[str, Any]) -> ContactPerson:
    return ContactPerson(
        UUID(d["id"]),
        d["name"],
        ContactRole(d["role"]),
        d.get("phone"),
        d.get("email"),
        d.get("login_sub"),
        _d(d.get("left_on")),
    )


def schedule_to_json(s: Schedule) -> dict[str, Any]:
    return {
        "days": [d.value for d in s.days],
        "starts_at": s.starts_at.strftime("%H:%M"),
        "ends_at": s.ends_at.strftime("%H:%M"),
        "hours_per_week": s.hours_per_week,
    }


def schedule_from_json(d: dict[str, Any]) -> Schedule:
    return Schedule(
        tuple(Weekday(x) for x in d["days"]),
        time.fromisoformat(d["starts_at"]),
        time.fromisoformat(d["ends_at"]),
        float(d["hours_per_week"]),
    )


def levels_to_json(levels: dict[Skill, str]) -> dict[str, str]:
    return {skill.value: level for skill, level in sorted(levels.items())}


def levels_from_json(d: dict[str, str]) -> dict[Skill, str]:
    return {Skill(k): v for k, v in d.items()}


def language_agreement_to_json(a: LanguageAgreement) -> dict[str, Any]:
    return {"levels": levels_to_json(a.levels), "assessment": a.assessment.value}


def language_agreement_from_json(d: dict[str, Any]) -> LanguageAgreement:
    return LanguageAgreement(levels_from_json(d["levels"]), AssessmentMethod(d["assessment"]))


def follow_up_plan_to_json(p: FollowUpPlan) -> dict[str, Any]:
    return {
        "every_days": p.every_days,
        "by_unit": p.by_unit,
        "employer_contact_id": str(p.employer_contact_id) if p.employer_contact_id else None,
    }


def follow_up_plan_from_json(d: dict[str, Any]) -> FollowUpPlan:
    contact = d.get("employer_contact_id")
    return FollowUpPlan(int(d["every_days"]), d["by_unit"], UUID(contact) if contact else None)


def measure_to_json(m: NavMeasure) -> dict[str, Any]:
    return {
        "id": str(m.id),
        "type": m.type.value,
        "role": m.role.value,
        "period_from": m.period_from.isoformat(),
        "period_to": m.period_to.isoformat(),
        "rate_percent": m.rate_percent,
    }


def measure_from_json(d: dict[str, Any]) -> NavMeasure:
    return NavMeasure(
        UUID(d["id"]),
        NavMeasureType(d["type"]),
        NavMeasureRole(d["role"]),
        date.fromisoformat(d["period_from"]),
        date.fromisoformat(d["period_to"]),
        d.get("rate_percent"),
    )
