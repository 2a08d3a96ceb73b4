from django.conf import settings
from django.http import HttpRequest

# The apps whose pages the "Governance" menu entry stands for.
GOVERNANCE_APPS = ("governance", "meetings", "consultations", "texts", "decisions")


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SIGNUP_OPEN": settings.SIGNUP_MODE == "open",
        "governance_apps": GOVERNANCE_APPS,
    }
