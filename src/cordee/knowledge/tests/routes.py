"""The knowledge base's URLs in the roles × URLs matrix (see cordee.core.testing.matrix)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cordee.core.testing.matrix import ROLES, Route, everyone
from cordee.core.testing.photos import tiny_png
from cordee.knowledge.attachments import attachment_add
from cordee.knowledge.models import Comment
from cordee.knowledge.services import ArticleData, article_update
from cordee.knowledge.tests.archive_routes import ARCHIVE_ROUTES, prepare_archive
from cordee.knowledge.tests.article_factory import make_article
from cordee.network.access import Access
from cordee.network.scopes import Scope

MEMBERS_AND_STAFF = {"member", "head", "expert", "staff", "coordinator", "admin"}
STAFF = {"staff", "coordinator", "admin"}


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


# Names on ``objects`` start with knowledge_: other apps' routes share the namespace.
# A practice sheet published for the whole network by the expert (Lacroix):
# members and staff read it, the others get a 404 as if it did not exist.
READ_NETWORK = _statuses(404, **dict.fromkeys(MEMBERS_AND_STAFF, 200))
# Its author and the staff edit it; members who read it get a 403.
EDIT_NETWORK = _statuses(
    404, visitor=302, member=403, head=403, expert=200, **dict.fromkeys(STAFF, 200)
)
# Writing, and who knows what: members and staff.
MEMBERS_ONLY = _statuses(403, visitor=302, **dict.fromkeys(MEMBERS_AND_STAFF, 200))


def _sheet(objects):
    return [objects.knowledge_sheet.slug]


ROUTES = [
    Route("knowledge:articles", everyone(200)),
    Route("knowledge:article_create", MEMBERS_ONLY),
    Route("knowledge:experts", MEMBERS_ONLY),
    Route("knowledge:article", READ_NETWORK, args=_sheet),
    Route("knowledge:article", everyone(200), args=lambda o: [o.knowledge_public_sheet.slug]),
    Route("knowledge:attachment", READ_NETWORK, args=lambda o: [o.knowledge_attachment.public_id]),
    Route("knowledge:article_edit", EDIT_NETWORK, args=_sheet),
    Route("knowledge:article_attachments", EDIT_NETWORK, args=_sheet),
    Route("knowledge:revisions", EDIT_NETWORK, args=_sheet),
    Route("knowledge:revision_compare", EDIT_NETWORK, args=_sheet),
    Route("knowledge:revision_restore", EDIT_NETWORK, args=lambda o: [o.knowledge_sheet.slug, 1]),
    # POST only: a GET is refused before anything else.
    Route("knowledge:article_useful", everyone(405), args=_sheet),
    Route("knowledge:article_reviewed", everyone(405), args=_sheet),
    Route("knowledge:comment_create", everyone(405), args=_sheet),
    # Staff hide comments on what they can read; others get a 403.
    Route(
        "knowledge:comment_hide",
        _statuses(403, visitor=302, **dict.fromkeys(STAFF, 200)),
        args=lambda o: [o.knowledge_comment.public_id],
    ),
    *ARCHIVE_ROUTES,
    # One search box for everyone; each person finds only what they may see.
    Route("search", everyone(200)),
]


def prepare(objects):
    prepare_archive(objects)
    sheet = make_article(objects.expert, title="Fiche du réseau")
    data = ArticleData(
        title=sheet.title,
        kind=sheet.kind,
        body="Une version plus complète.",
        scope=sheet.scope,
        status=sheet.status,
        authors=[objects.expert],
    )
    article_update(
        article=sheet, data=data, by=objects.expert, access=Access.for_user(objects.expert)
    )
    objects.knowledge_sheet = sheet
    objects.knowledge_public_sheet = make_article(
        objects.expert, title="Fiche publique", scope=Scope.PUBLIC, staff=objects.staff
    )
    objects.knowledge_attachment = attachment_add(
        article=sheet,
        upload=SimpleUploadedFile("photo.png", tiny_png(), content_type="image/png"),
        by=objects.expert,
    )
    objects.knowledge_comment = Comment.objects.create(
        article=sheet, author=objects.member, body="Merci !"
    )
