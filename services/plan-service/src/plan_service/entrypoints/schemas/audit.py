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
    endpoint: str


class AccessLogPublic(BaseModel):
    items: list[AccessLogEntryPublic] = Field(description="newest first")
    total: int
    limit: int
    offset: int
