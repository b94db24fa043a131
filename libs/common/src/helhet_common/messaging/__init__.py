"""Events: the envelope, the registry, the outbox and its relay, the consumer runner."""
