"""The read side of ``hearing``: plain loading and listing for pages. Queries never change state
and never import services."""
