"""The network's URLs in the roles × URLs matrix (see cordee.core.testing.matrix)."""

from cordee.core.testing.matrix import Route

ROUTES: list[Route] = []
