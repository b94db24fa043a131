"""Reads of a participant's personal data: who may read, on what basis, and the log.

One mechanism for every service that holds data about participants
(docs/identity.md, "Reads of personal data"):

- ``rules``: plain Python. Whether a caller may read a participant's data, and on what
  basis: the law (the programme owner, the integration leader, and another public
  agency with a sharing basis in force) or the participant's consent (employers and
  volunteers). No basis for the participant: not found; a basis that does not cover
  the purpose: 403 ``no-basis-for-purpose``. The same rules as plan-service's.
- ``contracts``: the tolerant model of plan-service's ``helhet.sharing_basis.recorded.v1``
  and the published ``helhet.access.recorded.v1`` (ids, codes and times only).
- ``tables``: the columns of a service's ``access_log`` and ``sharing_bases`` tables.
- ``projection``: the fold of the sharing-basis events into ``sharing_bases``.
- ``recorder``: the record of one read (``AccessRecord``), the FastAPI dependency that
  makes it (``access_recorder``) and the audited read (``audited``): one access-log row
  per participant read, one event per read, in the read's own transaction.
"""
