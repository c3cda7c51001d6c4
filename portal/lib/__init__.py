"""Helpers that know nothing of the apps: environment, Indonesian text, PDF base, e-mail, queueing."""
