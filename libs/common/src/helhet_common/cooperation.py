"""Inter-municipal cooperation: a host municipality whose services serve partner
municipalities too (one organisation model, one refugee service for all of them).

Which municipalities cooperate is configuration: the shared setting
``HELHET_COOPERATION`` (``ServiceSettings.cooperation``), a JSON object of each host's
partners, the same for every service. Its default is the one cooperation the research
names (report 004): Lillehammer's refugee service (at the learning centre) also serves
Øyer and Gausdal, ``{"3405": ["3440", "3441"]}``; reporting-service's organisation
model of Lillehammer says the same (``also_serves``). The app factory keeps the
configured ``Cooperation`` on ``app.state.cooperation``; ``of_request`` reads it.

A person of the host municipality may act for a partner's participants in every service
(the ``Helhet-Municipality`` header names the partner; ``auth.dependencies``); the
caller's own municipality is then kept on the principal (``home_municipality``) and
written to the access log with the partner's (``helhet_common.access``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Annotated, Final

from fastapi import Depends, Request

# host -> the partner municipalities its services also serve (report 004)
DEFAULT_HOSTS: Final = MappingProxyType({"3405": ("3440", "3441")})

_MUNICIPALITY = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Cooperation:
    """The configured cooperations: each host's partners."""

    hosts: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, hosts: Mapping[str, Sequence[str]]) -> Cooperation:
        """The cooperations ``hosts`` names; ``ValueError`` unless every number is a
        municipality number (four digits), no host is another's partner and no partner
        has two hosts."""
        seen: dict[str, str] = {}
        for host, partners in hosts.items():
            for number in (host, *partners):
                if not _MUNICIPALITY.fullmatch(number):
                    raise ValueError(f"{number[:8]!r} is not a municipality number (4 digits)")
            for partner in partners:
                if partner == host or partner in hosts:
                    raise ValueError(f"{partner} is a host; it cannot be a partner too")
                if partner in seen:
                    raise ValueError(f"{partner} is a partner of both {seen[partner]} and {host}")
                seen[partner] = host
        return cls(MappingProxyType({h: tuple(p) for h, p in hosts.items()}))

    def partners_of(self, host: str) -> tuple[str, ...]:
        return self.hosts.get(host, ())

    def host_of(self, municipality: str) -> str | None:
        """The host municipality that serves ``municipality``, if it is a partner."""
        for host, partners in self.hosts.items():
            if municipality in partners:
                return host
        return None

    def cooperation_of(self, municipality: str) -> tuple[str, ...]:
        """The host and its partners when ``municipality`` is in a cooperation (host
        first), else the municipality alone."""
        host = municipality if municipality in self.hosts else self.host_of(municipality)
        if host is None:
            return (municipality,)
        return (host, *self.hosts[host])

    def may_serve(self, home: str, municipality: str) -> bool:
        """A person of ``home`` may act for the participants of ``municipality``."""
        return municipality in self.partners_of(home)


DEFAULT: Final = Cooperation.of(DEFAULT_HOSTS)


def of_request(request: Request) -> Cooperation:
    """The app's configured cooperation (``app.state.cooperation``; the default for an
    app made without the factory)."""
    found = getattr(request.app.state, "cooperation", None)
    return found if isinstance(found, Cooperation) else DEFAULT


CooperationDep = Annotated[Cooperation, Depends(of_request)]
