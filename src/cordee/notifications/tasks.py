"""Work done by the worker (django-tasks), never in a request."""

from __future__ import annotations

from django_tasks import task

from cordee.notifications import services


@task()
def send_notification_emails(public_ids: list[str]) -> int:
    """E-mail each of these notifications alone, unless already done."""
    return services.notification_emails_send(public_ids=public_ids)


@task()
def send_digests(frequency: str) -> int:
    """The daily or weekly digests; the scheduler enqueues them."""
    return services.digests_send(frequency=frequency)


@task()
def send_announcement(author_id: int, title: str, body: str, url: str) -> int:
    """Notify everyone of a staff announcement."""
    return services.announcement_deliver(author_id=author_id, title=title, body=body, url=url)
