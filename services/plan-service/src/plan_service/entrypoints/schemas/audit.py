"""The access log."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class AccessLogEntryPublic(BaseModel):
    at: datetime
    sub: str = Field(description="who read (the token's subject)")
    agency: str
    client_name: str | None = Field(
        None,
        description="an agency system's organisation (its name in the issuers file), when "
        "a system read with client credentials; null for a person",
    )
    purpose: str
    endpoint: str = Field(description="the route read, e.g. `GET /participants/{participant_id}`")
    service: str = Field(
        "plan-service",
        description="the service the read was made in (plan-service's own reads, and the "
        "reads placement-, volunteer- and reporting-service publish)",
    )
    role: str | None = Field(None, description="the role the read was made in")
    legal_basis: str | None = Field(
        None, description="what the read stood on: the law's code or `consent`; null: not recorded"
    )
    categories: list[str] | None = Field(
        None, description="the categories of data read; null: not recorded"
    )
    acting_municipality: str | None = Field(
        None,
        description="the reader's own municipality when they acted for a partner of their "
        "host municipality (inter-municipal cooperation); null when they acted for their own",
    )


class AccessLogPublic(BaseModel):
    items: list[AccessLogEntryPublic] = Field(description="newest first")
    total: int
    limit: int
    offset: int
