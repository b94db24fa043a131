"""The access log."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class AccessLogEntryPublic(BaseModel):
    at: datetime
    sub: str = Field(description="who read (the token's subject)")
    agency: str
    purpose: str
    endpoint: str


class AccessLogPublic(BaseModel):
    items: list[AccessLogEntryPublic] = Field(description="newest first")
    total: int
    limit: int
    offset: int
