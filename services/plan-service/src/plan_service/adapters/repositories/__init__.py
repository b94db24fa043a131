"""plan-service's repositories, one module per aggregate (and the records beside it).

The aggregates' repositories are ``helhet_common.repository.Repository``s: ``get``
(scoped to the municipality), ``add``, ``save`` and their lists record what they hand out
in the unit of work's ``seen``, so the events the aggregates record reach the outbox.
Whatever a concurrent writer got to first becomes a domain error inside the repository,
so handlers never see a database error.
"""
