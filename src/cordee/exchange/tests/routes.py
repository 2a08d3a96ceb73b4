"""The capacity exchange URLs in the roles × URLs matrix (see cordee.core.testing.matrix)."""

ROUTES: list = []
