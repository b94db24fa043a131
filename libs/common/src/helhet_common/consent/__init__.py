"""The participant's consents as every service that holds data about them sees them.

plan-service owns consents and publishes them (docs/decisions/0001-consent-events.md);
each other service keeps its own projection of the consents it needs and enforces
them. What is shared lives here, once: the rule of when a consent is in force and how
grants and withdrawals combine (``model``, plain Python), the tolerant contracts of the
two events (``contracts``) and the columns of a consent projection table (``tables``).
Which consents let whom see what stays in each service.
"""
