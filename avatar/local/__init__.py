"""The avatar's local engine: short spoken lines chosen by rules (no model)."""
