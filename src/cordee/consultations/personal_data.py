"""What the consultations hold about a person: their contributions, comments and supports.

Erasure keeps contributions and comments (the consultation's record needs
them), shown as by a "Former member" once the account is erased; supports, a
personal stance that the record does not need, are deleted.
"""

from __future__ import annotations

from typing import Any

from cordee.accounts.models import User
from cordee.consultations.models import Comment, Contribution, Support


def export_consultations(user: User) -> dict[str, Any]:
    return {
        "contributions": [
            {
                "consultation": contribution.consultation.title,
                "kind": contribution.kind,
                "title": contribution.title,
                "text": contribution.body,
                "at": contribution.created_at.isoformat(),
            }
            for contribution in Contribution.objects.filter(author=user).select_related(
                "consultation"
            )
        ],
        "comments": [
            {
                "contribution": comment.contribution.title,
                "text": comment.body,
                "at": comment.created_at.isoformat(),
            }
            for comment in Comment.objects.filter(author=user).select_related("contribution")
        ],
        "supports": [
            {"contribution": support.contribution.title, "at": support.created_at.isoformat()}
            for support in Support.objects.filter(person=user).select_related("contribution")
        ],
    }


def erase_consultations(user: User) -> None:
    Support.objects.filter(person=user).delete()
