"""Work done by the worker: ending the offers and needs whose end date is past."""

from __future__ import annotations

from django_tasks import task

from cordee.exchange import services


@task()
def expire_due_listings() -> int:
    """Expire open offers and needs past their end date; the scheduler runs it hourly."""
    return services.listings_expire_due()
