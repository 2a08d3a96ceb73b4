from django.core.files.uploadedfile import SimpleUploadedFile

from cordee.accounts.models import Invitation
from cordee.core.testing.matrix import Route, everyone, logged_in, staff_only
from cordee.core.testing.photos import tiny_png

ROUTES = [
    Route("accounts:profile", logged_in(200)),
    Route("accounts:data_export", logged_in(200)),
    Route("accounts:erase", logged_in(200)),
    Route("accounts:person", logged_in(200), args=lambda o: [o.expert.public_id]),
    Route("accounts:photo", logged_in(200), args=lambda o: [o.expert.public_id]),
    Route("accounts:invitations", staff_only(200)),
    # A valid invitation sends visitors to sign up and logged-in people home.
    Route("accounts:invitation_accept", everyone(302), args=lambda o: [o.invitation.token]),
]


def prepare(objects):
    objects.expert.photo = SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")
    objects.expert.save()
    objects.invitation = Invitation.objects.create(
        email="new@test.example.org", invited_by=objects.staff
    )
