"""The meetings' URLs in the roles × URLs matrix (see cordee.core.testing.matrix)."""

ROUTES: list = []
