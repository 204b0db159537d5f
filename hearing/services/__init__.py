"""The functions that change hearings: they take ``actor`` and ``now`` and never commit."""
