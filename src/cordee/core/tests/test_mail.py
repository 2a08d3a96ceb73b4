from django.core import mail
from django.core.mail import EmailMultiAlternatives

from cordee.core.mail import deserialise_message, serialise_message


def test_mail_goes_through_the_worker_and_arrives_whole(db):
    message = EmailMultiAlternatives(
        "Convocation", "Texte", "noreply@example.org", ["a@example.org"], cc=["b@example.org"]
    )
    message.attach_alternative("<p>Texte</p>", "text/html")
    message.attach("ordre-du-jour.txt", b"1. Budget", "text/plain")
    message.send()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Convocation"
    assert sent.cc == ["b@example.org"]
    assert sent.alternatives[0][0] == "<p>Texte</p>"
    assert sent.attachments[0][:2] == ("ordre-du-jour.txt", "1. Budget")


def test_a_message_survives_serialisation():
    message = EmailMultiAlternatives(
        "Sujet é", "Corps", "x@example.org", ["y@example.org"], headers={"X-Tag": "1"}
    )
    again = deserialise_message(serialise_message(message))
    assert (again.subject, again.body, again.to, again.extra_headers) == (
        "Sujet é",
        "Corps",
        ["y@example.org"],
        {"X-Tag": "1"},
    )
