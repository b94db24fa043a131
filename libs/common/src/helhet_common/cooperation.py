"""Inter-municipal cooperation: a host municipality whose services serve partner
municipalities too (one organisation model, one refugee service for all of them).

From the research (report 004): Lillehammer's refugee service (at the learning centre)
also serves Øyer and Gausdal. reporting-service's organisation model of Lillehammer says
the same (``also_serves``); this is the one list every service's access scope reads.

A person of the host municipality may act for a partner's participants in every service
(the ``Helhet-Municipality`` header names the partner; ``auth.dependencies``); the
caller's own municipality is then kept on the principal (``home_municipality``) and
written to the access log with the partner's (``helhet_common.access``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

# host -> the partner municipalities its services also serve
HOSTS: Final = MappingProxyType({"3405": ("3440", "3441")})


def partners_of(host: str) -> tuple[str, ...]:
    return HOSTS.get(host, ())


def host_of(municipality: str) -> str | None:
    """The host municipality that serves ``municipality``, if it is a partner."""
    for host, partners in HOSTS.items():
        if municipality in partners:
            return host
    return None


def cooperation_of(municipality: str) -> tuple[str, ...]:
    """The host and its partners when ``municipality`` is in a cooperation (host
    first), else the municipality alone."""
    host = municipality if municipality in HOSTS else host_of(municipality)
    if host is None:
        return (municipality,)
    return (host, *HOSTS[host])


def may_serve(home: str, municipality: str) -> bool:
    """A person of ``home`` may act for the participants of ``municipality``."""
    return municipality in partners_of(home)
