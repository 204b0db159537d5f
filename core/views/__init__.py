"""Blueprints of ``core``: home, log-in, administration, audit log, assets; error pages."""
