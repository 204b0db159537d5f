"""Services of ``core``: plain functions that change state, flush and audit, never commit."""
