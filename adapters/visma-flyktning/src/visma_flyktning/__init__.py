"""Helhet\x27s adapter for Visma Flyktning (an anti-corruption layer; see README.md)."""
