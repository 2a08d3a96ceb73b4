"""The notification centre, and the unread count in every page's header."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cordee.notifications.models import Notification
from cordee.notifications.services import ANNOUNCEMENT

pytestmark = pytest.mark.django_db


def make(user, count, **fields):
    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=ANNOUNCEMENT,
            title=f"Notification {index}",
            created_at=now - timedelta(minutes=count - index),
            **fields,
        )
        for index in range(count)
    )


def test_the_centre_lists_my_notifications_newest_first_with_unread_marked(
    member, expert, client_as
):
    make(member, 2)
    Notification.objects.filter(title="Notification 0").update(read_at=timezone.now())
    make(expert, 1, body="Pas pour Thomas")
    response = client_as("member").get(reverse("notifications:list"))
    titles = [notification.title for notification in response.context["page"].object_list]
    assert titles == ["Notification 1", "Notification 0"]
    html = response.content.decode()
    assert html.count("notification--unread") == 1
    assert "Pas pour Thomas" not in html


def test_opening_a_notification_marks_it_read_and_follows_its_link(member, client_as):
    [notification] = make(member, 1, url="/profile/")
    response = client_as("member").post(
        reverse("notifications:open", args=[notification.public_id])
    )
    assert response.status_code == 302
    assert response.url == "/profile/"
    notification.refresh_from_db()
    assert notification.is_read


def test_a_notification_without_a_link_opens_the_centre(member, client_as):
    [notification] = make(member, 1)
    response = client_as("member").post(
        reverse("notifications:open", args=[notification.public_id])
    )
    assert response.url == reverse("notifications:list")


def test_a_stored_link_to_another_site_is_never_followed(member, client_as):
    [notification] = make(member, 1, url="//evil.example.com/")
    response = client_as("member").post(
        reverse("notifications:open", args=[notification.public_id])
    )
    assert response.url == reverse("notifications:list")


def test_another_persons_notification_is_not_found(member, client_as):
    [notification] = make(member, 1)
    response = client_as("expert").post(
        reverse("notifications:open", args=[notification.public_id])
    )
    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_opening_is_a_post_so_that_link_scanners_change_nothing(member, client_as):
    [notification] = make(member, 1)
    response = client_as("member").get(reverse("notifications:open", args=[notification.public_id]))
    assert response.status_code == 405


def test_mark_all_read_works_without_javascript(member, expert, client_as):
    make(member, 3)
    make(expert, 2)
    response = client_as("member").post(reverse("notifications:mark_all_read"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("notifications:list")
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=expert, read_at__isnull=True).count() == 2
    assert "notification--unread" not in response.content.decode()


def test_mark_all_read_with_htmx_updates_the_list_and_the_header_in_place(member, client_as):
    make(member, 3)
    response = client_as("member").post(
        reverse("notifications:mark_all_read"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "notification--unread" not in html
    assert 'id="notifications-link"' in html and 'hx-swap-oob="true"' in html
    assert 'class="badge"' not in html


def test_the_centre_is_paginated(member, client_as):
    make(member, 25)
    response = client_as("member").get(reverse("notifications:list"), {"page": 2})
    assert len(response.context["page"].object_list) == 5


def test_the_centre_does_a_constant_number_of_queries(
    member, client_as, django_assert_max_num_queries
):
    client = client_as("member")
    make(member, 3)
    client.get(reverse("notifications:list"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:list"))
    make(member, 60)
    with django_assert_max_num_queries(len(few)) as many:
        client.get(reverse("notifications:list"))
    notification_queries = [q for q in many.captured_queries if "notifications_" in q["sql"]]
    assert len(notification_queries) <= 3  # the header's count, the paginator's, the page


def test_the_header_shows_the_unread_count_to_people_logged_in(member, client_as, client):
    make(member, 3)
    html = client_as("member").get(reverse("home")).content.decode()
    assert 'id="notifications-link"' in html
    assert '<span class="badge" aria-hidden="true">3</span>' in html
    assert 'aria-label="Notifications, 3 unread"' in html or "3 non lu" in html
    assert 'id="notifications-link"' not in client.get(reverse("home")).content.decode()


def test_the_header_count_costs_one_query_whatever_the_number(
    member, client_as, django_assert_num_queries
):
    client = client_as("member")
    client.get(reverse("home"))
    make(member, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    make(member, 50)
    with django_assert_num_queries(len(few)) as many:
        client.get(reverse("home"))
    [count] = [q["sql"] for q in many.captured_queries if "notifications_" in q["sql"]]
    assert "COUNT" in count
