"""Proposing amendments, answering them, and what happens when a paragraph moved on."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cordee.audit.models import AuditEvent
from cordee.notifications.models import Notification
from cordee.texts.models import Amendment, AmendmentStatus
from cordee.texts.services import amendment_answer, amendment_propose, version_blocks

pytestmark = pytest.mark.django_db


def _paragraph(text, index):
    return version_blocks(text.current_version)[index].paragraph


def _propose(text, author, index=2, kind="replace", proposed="Nouvelle rédaction.", base=None):
    return amendment_propose(
        text=text,
        paragraph=_paragraph(text, index),
        kind=kind,
        proposed=proposed,
        justification="Plus clair.",
        base_version=base or text.current_version,
        by=author,
    )


def _bodies(text):
    text.refresh_from_db()
    return [state.body for state in version_blocks(text.current_version)]


def test_member_proposes_an_amendment_and_the_authors_are_told(
    charter, member, head, client_as, django_capture_on_commit_callbacks
):
    paragraph = _paragraph(charter, 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("member").post(
            reverse("texts:amend", args=[charter.public_id, paragraph.public_id]),
            {
                "kind": "replace",
                "proposed": "Les entreprises signataires s'entraident sur la production et la qualité.",
                "justification": "La qualité compte autant.",
                "base_version": 1,
            },
        )
    amendment = Amendment.objects.get()
    assert response.status_code == 302
    assert response.url == amendment.get_absolute_url()
    assert amendment.author == member
    assert amendment.status == AmendmentStatus.PENDING
    assert Notification.objects.filter(recipient=head, kind="texts.amendment_proposed").exists()
    page = client_as("member").get(amendment.get_absolute_url()).content.decode()
    assert (
        '<ins><span class="visually-hidden">[added:] </span>production et la qualité.</ins>' in page
    )


def test_accepting_makes_a_new_version_and_tells_the_author(
    charter, member, head, django_capture_on_commit_callbacks
):
    amendment = _propose(charter, member, proposed="Les signataires s'entraident.")
    with django_capture_on_commit_callbacks(execute=True):
        version = amendment_answer(
            amendment=amendment, accept=True, answer="Merci, plus court.", by=head
        )
    assert version.number == 2
    assert _bodies(charter)[2] == "Les signataires s'entraident."
    # Version 1 is kept as it was.
    assert version_blocks(charter.versions.get(number=1))[2].body.startswith("Les entreprises")
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.ACCEPTED
    assert amendment.result_version == version
    assert Notification.objects.filter(recipient=member, kind="texts.amendment_answered").exists()
    assert AuditEvent.objects.filter(action="text.amendment_accepted", actor=head).exists()


def test_rejecting_keeps_the_text_and_records_the_answer(charter, member, head):
    amendment = _propose(charter, member)
    assert (
        amendment_answer(amendment=amendment, accept=False, answer="Hors sujet.", by=head) is None
    )
    charter.refresh_from_db()
    assert charter.current_version.number == 1
    amendment.refresh_from_db()
    assert (amendment.status, amendment.answer) == (AmendmentStatus.REJECTED, "Hors sujet.")


def test_insertion_and_deletion(charter, member, head):
    before = _bodies(charter)
    inserted = _propose(charter, member, index=2, kind="insert", proposed="Un nouvel alinéa.")
    amendment_answer(amendment=inserted, accept=True, answer="Oui.", by=head)
    assert _bodies(charter) == [*before[:3], "Un nouvel alinéa.", *before[3:]]
    deleted = _propose(charter, member, index=0, kind="delete", proposed="ignored")
    amendment_answer(amendment=deleted, accept=True, answer="Le titre est en haut.", by=head)
    assert _bodies(charter) == [*before[1:3], "Un nouvel alinéa.", *before[3:]]


def test_an_answer_is_required(charter, member, head):
    amendment = _propose(charter, member)
    with pytest.raises(ValidationError) as error:
        amendment_answer(amendment=amendment, accept=True, answer="  ", by=head)
    assert "answer" in error.value.message_dict


@pytest.mark.parametrize(
    ("kind", "proposed", "justification", "field"),
    [
        ("replace", "", "Parce que.", "proposed"),
        ("replace", "Les entreprises signataires s'entraident sur la production.", "x", "proposed"),
        ("insert", "Un ajout.", " ", "justification"),
        ("move", "Un ajout.", "x", "kind"),
    ],
)
def test_bad_amendments_are_refused_with_a_message(
    charter, member, kind, proposed, justification, field
):
    with pytest.raises(ValidationError) as error:
        amendment_propose(
            text=charter,
            paragraph=_paragraph(charter, 2),
            kind=kind,
            proposed=proposed,
            justification=justification,
            base_version=charter.current_version,
            by=member,
        )
    assert field in error.value.message_dict


def test_an_amendment_to_a_superseded_version_is_refused_and_nothing_is_lost(
    charter, member, expert, head, client_as
):
    first = _propose(charter, expert, proposed="Les signataires s'entraident.")
    amendment_answer(amendment=first, accept=True, answer="Oui.", by=head)
    paragraph = _paragraph(charter, 2)
    wording = "Les entreprises du réseau se soutiennent pour la maintenance."
    response = client_as("member").post(
        reverse("texts:amend", args=[charter.public_id, paragraph.public_id]),
        {
            "kind": "replace",
            "proposed": wording,
            "justification": "Et la maintenance.",
            "base_version": 1,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This paragraph has changed since version 1" in page
    assert wording in page  # what they wrote is kept
    assert "Et la maintenance." in page
    assert 'name="base_version" value="2"' in page  # sending it again amends version 2
    assert not Amendment.objects.filter(author=member).exists()


def test_amending_another_paragraph_of_an_older_version_is_fine(charter, member, expert, head):
    first = _propose(charter, expert, index=2, proposed="Les signataires s'entraident.")
    amendment_answer(amendment=first, accept=True, answer="Oui.", by=head)
    # Paragraph 4 did not change between versions 1 and 2.
    amendment = _propose(charter, member, index=4, base=charter.versions.get(number=1))
    assert amendment.base_version.number == 2


def test_accepting_an_outdated_amendment_marks_it_outdated_and_changes_nothing(
    charter, member, expert, head
):
    first = _propose(charter, expert, proposed="Première rédaction.")
    second = _propose(charter, member, proposed="Seconde rédaction.")
    amendment_answer(amendment=first, accept=True, answer="Oui.", by=head)
    second.refresh_from_db()
    assert second.status == AmendmentStatus.OUTDATED  # overtaken at once
    Amendment.objects.filter(pk=second.pk).update(status=AmendmentStatus.PENDING)
    with pytest.raises(ValidationError, match="has changed since the amendment was written"):
        amendment_answer(amendment=second, accept=True, answer="Oui.", by=head)
    second.refresh_from_db()
    assert second.status == AmendmentStatus.OUTDATED
    assert _bodies(charter)[2] == "Première rédaction."


def test_the_author_rewrites_an_outdated_amendment(charter, member, expert, head, client_as):
    first = _propose(charter, expert, proposed="Première rédaction.")
    second = _propose(charter, member, proposed="Seconde rédaction.")
    amendment_answer(amendment=first, accept=True, answer="Oui.", by=head)
    url = reverse("texts:amendment_rewrite", args=[second.public_id])
    assert client_as("expert").get(url).status_code == 403
    page = client_as("member").get(url)
    assert page.status_code == 200
    assert "Première" in page.content.decode()
    response = client_as("member").post(
        url, {"proposed": "Première rédaction, revue.", "justification": "Rebasé."}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == AmendmentStatus.PENDING
    assert second.base_body == "Première rédaction."
    assert second.base_version.number == 2
    version = amendment_answer(amendment=second, accept=True, answer="Oui.", by=head)
    assert version.number == 3


def test_only_those_who_answer_for_the_text_answer_amendments(charter, member, client_as):
    amendment = _propose(charter, member)
    url = reverse("texts:amendment_answer", args=[amendment.public_id])
    data = {"decision": "accept", "answer": "Je m'accepte moi-même."}
    assert client_as("member").post(url, data).status_code == 403
    assert client_as("expert").post(url, data).status_code == 403
    assert client_as("coordinator").post(url, data).status_code == 403  # Arve only
    assert client_as("funder").post(url, data).status_code == 404
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.PENDING
    assert client_as("head").post(url, data).status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.ACCEPTED


def test_the_answer_form_keeps_what_was_written_when_the_decision_is_missing(
    charter, member, client_as
):
    amendment = _propose(charter, member)
    response = client_as("head").post(
        reverse("texts:amendment_answer", args=[amendment.public_id]),
        {"answer": "Une réponse réfléchie."},
    )
    assert response.status_code == 400
    assert "Choose to accept or reject the amendment." in response.content.decode()
    assert "Une réponse réfléchie." in response.content.decode()


def test_the_chair_of_the_texts_body_answers_too(charter, member, expert, network):
    from cordee.governance.models import Body, Mandate
    from cordee.network.access import Access
    from cordee.texts.models import Text

    board = Body.objects.create(name="Conseil d'administration", slug="ca", kind="board")
    charter.body = board
    charter.save()
    assert not Text.objects.managed_by(Access.for_user(expert)).filter(pk=charter.pk).exists()
    Mandate.objects.create(body=board, person=expert, role="chair")
    assert Text.objects.managed_by(Access.for_user(expert)).filter(pk=charter.pk).exists()
    Mandate.objects.create(body=board, person=member, role="member")
    assert not Text.objects.managed_by(Access.for_user(member)).filter(pk=charter.pk).exists()


def test_a_hidden_amendment_shows_the_moderators_notice(charter, member, client_as, staff):
    from django.utils import timezone

    amendment = _propose(charter, member, proposed="Un texte injurieux.")
    Amendment.objects.filter(pk=amendment.pk).update(
        hidden_at=timezone.now(), hidden_reason="Propos injurieux", hidden_by=staff
    )
    page = (
        client_as("expert")
        .get(reverse("texts:paragraph", args=[charter.public_id, amendment.paragraph.public_id]))
        .content.decode()
    )
    assert "Un texte injurieux." not in page
    assert "Hidden by the moderators: Propos injurieux" in page


def test_amendment_text_is_escaped(charter, member, client_as):
    amendment = _propose(charter, member, proposed="<script>alert(1)</script> texte")
    page = client_as("member").get(amendment.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_members_report_others_contributions_not_their_own(charter, member, client_as):
    amendment = _propose(charter, member)
    url = reverse("texts:paragraph", args=[charter.public_id, amendment.paragraph.public_id])
    assert 'class="report-link"' in client_as("expert").get(url).content.decode()
    assert 'class="report-link"' not in client_as("member").get(url).content.decode()


def test_the_author_of_an_overtaken_amendment_is_told(
    charter, member, expert, head, django_capture_on_commit_callbacks
):
    first = _propose(charter, expert, proposed="Première rédaction.")
    _propose(charter, member, proposed="Seconde rédaction.")
    with django_capture_on_commit_callbacks(execute=True):
        amendment_answer(amendment=first, accept=True, answer="Oui.", by=head)
    notice = Notification.objects.get(recipient=member)
    assert notice.title == "Your amendment to “Charte de la coopération” is outdated"


def test_the_author_withdraws_a_pending_amendment_and_it_stays_on_record(
    charter, member, head, client_as
):
    amendment = _propose(charter, member)
    url = reverse("texts:amendment_withdraw", args=[amendment.public_id])
    assert client_as("expert").post(url).status_code == 403
    assert client_as("member").post(url).status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="already answered"):
        amendment_answer(amendment=amendment, accept=True, answer="Trop tard.", by=head)
    page = client_as("member").get(amendment.get_absolute_url()).content.decode()
    assert "Withdrawn by its author" in page


def test_a_hidden_amendment_cannot_be_accepted(charter, member, head, staff):
    from django.utils import timezone

    amendment = _propose(charter, member, proposed="Un texte injurieux.")
    Amendment.objects.filter(pk=amendment.pk).update(
        hidden_at=timezone.now(), hidden_reason="Propos injurieux", hidden_by=staff
    )
    amendment.refresh_from_db()
    with pytest.raises(ValidationError, match="moderators hid this amendment"):
        amendment_answer(amendment=amendment, accept=True, answer="Oui.", by=head)
    amendment_answer(amendment=amendment, accept=False, answer="Hors charte.", by=head)
    assert _bodies(charter)[2].startswith("Les entreprises")
