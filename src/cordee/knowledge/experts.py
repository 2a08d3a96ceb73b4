"""Who knows what: people and organisations by expertise, each with its evidence.

The evidence is what a person declared (their expertise tags), what they wrote
(published articles, by kind and theme: "wrote 3 practice sheets on surface
treatment") and, for organisations, their declared activities. Everything is
computed from what the reader may see, in a fixed number of queries per page.

Mutual aid routes a help request to the people who know: it calls
:func:`expert_people` and :func:`people_evidence` with the request's themes
and skills.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language, ngettext

from cordee.accounts.models import User
from cordee.knowledge.models import Article, ArticleKind, Theme
from cordee.network.access import Access
from cordee.network.models import Affiliation, Organisation, Skill, Territory

# How many lines of evidence a person or organisation shows at most.
MAX_EVIDENCE = 6


def _wrote(kind: str, count: int, topic: str) -> str:
    # One sentence per kind: the plural of each noun differs, in French as in English.
    phrases: dict[str, tuple[str, str]] = {
        ArticleKind.PRACTICE: (
            ngettext("wrote %(count)d practice sheet", "wrote %(count)d practice sheets", count),
            ngettext(
                "wrote %(count)d practice sheet on %(topic)s",
                "wrote %(count)d practice sheets on %(topic)s",
                count,
            ),
        ),
        ArticleKind.LESSONS: (
            ngettext("shared %(count)d lessons learned", "shared %(count)d lessons learned", count),
            ngettext(
                "shared %(count)d lessons learned on %(topic)s",
                "shared %(count)d lessons learned on %(topic)s",
                count,
            ),
        ),
        ArticleKind.GUIDE: (
            ngettext("wrote %(count)d guide", "wrote %(count)d guides", count),
            ngettext(
                "wrote %(count)d guide on %(topic)s", "wrote %(count)d guides on %(topic)s", count
            ),
        ),
        ArticleKind.TEMPLATE: (
            ngettext("shared %(count)d document", "shared %(count)d documents", count),
            ngettext(
                "shared %(count)d document on %(topic)s",
                "shared %(count)d documents on %(topic)s",
                count,
            ),
        ),
        ArticleKind.FAQ: (
            ngettext("answered %(count)d FAQ", "answered %(count)d FAQs", count),
            ngettext(
                "answered %(count)d FAQ on %(topic)s",
                "answered %(count)d FAQs on %(topic)s",
                count,
            ),
        ),
    }
    without, with_topic = phrases.get(kind, phrases[ArticleKind.PRACTICE])
    if topic:
        return with_topic % {"count": count, "topic": topic}
    return without % {"count": count}


@dataclass
class Expertise:
    """A person or an organisation, and why they appear: the lines of evidence."""

    subject: Any
    declared: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    written: int = 0


def _localised(name_fr: str | None, name_en: str | None) -> str:
    if (get_language() or "fr").startswith("en") and name_en:
        return name_en
    return name_fr or ""


def _in_sentence(name: str) -> str:
    """A taxonomy name inside a sentence: "on surface treatment", but "on CAD and CAM"."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _topic_names(theme: Theme | None, skill: Skill | None) -> list[str]:
    names = []
    for item in (theme, skill):
        if item is not None:
            names += [name for name in (item.name_fr, item.name_en) if name]
    return names


def _articles(access: Access) -> QuerySet[Article]:
    return Article.objects.visible_to(access).published()


def _topic_articles(access: Access, theme: Theme | None, skill: Skill | None) -> QuerySet[Article]:
    articles = _articles(access)
    if theme is not None:
        articles = articles.filter(themes=theme)
    if skill is not None:
        articles = articles.filter(skills=skill)
    return articles


def expert_people(
    *,
    access: Access,
    territory: Territory | None = None,
    theme: Theme | None = None,
    skill: Skill | None = None,
) -> QuerySet[User]:
    """People who declared the expertise or wrote on it, most prolific first.

    Only people in the directory: active, not erased, who did not leave it, and
    who work for an organisation of the network.
    """
    people = User.objects.filter(
        is_active=True, erased_at__isnull=True, listed_in_directory=True
    ).filter(pk__in=Affiliation.objects.current().values("person_id"))
    if territory is not None:
        people = people.filter(
            pk__in=Affiliation.objects.current()
            .filter(organisation__territory__path__startswith=territory.path)
            .values("person_id")
        )
    authors = Article.authors.through.objects.filter(
        article__in=_topic_articles(access, theme, skill).values("pk")
    ).values("user_id")
    names = _topic_names(theme, skill)
    if names:
        declared = Q()
        for name in names:
            declared |= Q(expertise__name__iexact=name)
        people = people.filter(
            Q(pk__in=authors) | Q(pk__in=User.objects.filter(declared).values("pk"))
        )
    else:
        people = people.filter(
            Q(pk__in=authors) | Q(pk__in=User.expertise.through.objects.values("user_id"))
        )
    written = Article.authors.through.objects.filter(
        article__in=_articles(access).values("pk")
    ).values("user_id")
    return people.annotate(
        written=Count("articles", filter=Q(articles__pk__in=written.values("article_id")))
    ).order_by("-written", "last_name", "first_name", "pk")


def people_evidence(people: Sequence[User], *, access: Access) -> list[Expertise]:
    """The evidence of each of ``people`` (a page of them): a fixed number of queries."""
    ids = [person.pk for person in people]
    expertise = defaultdict(list)
    for user_id, name in User.expertise.through.objects.filter(user_id__in=ids).values_list(
        "user_id", "expertise__name"
    ):
        expertise[user_id].append(name)
    organisations: dict[int, list[Organisation]] = defaultdict(list)
    for affiliation in (
        Affiliation.objects.current().filter(person_id__in=ids).select_related("organisation")
    ):
        organisations[affiliation.person_id].append(affiliation.organisation)
    written = _written_by(
        Article.authors.through.objects.filter(
            user_id__in=ids, article__in=_articles(access).values("pk")
        ),
        owner="user_id",
    )
    return [
        Expertise(
            subject=person,
            declared=sorted(expertise[person.pk], key=str.lower),
            evidence=written.get(person.pk, [])[:MAX_EVIDENCE],
            organisations=organisations[person.pk],
            written=getattr(person, "written", 0),
        )
        for person in people
    ]


def _written_by(
    links: QuerySet[Any], *, owner: str, prefix: str = "article__"
) -> dict[int, list[str]]:
    """Sentences of evidence per owner, from rows linking owners to articles (``prefix``
    leads from a row to its article; empty when the rows are the articles).

    Three queries: articles by kind and theme, by kind and skill, and by kind
    alone for those with neither.
    """
    article = prefix.removesuffix("__") or "pk"
    counts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for relation in ("themes", "skills"):
        rows = (
            links.filter(**{f"{prefix}{relation}__isnull": False})
            .values(
                owner,
                f"{prefix}kind",
                f"{prefix}{relation}__name_fr",
                f"{prefix}{relation}__name_en",
            )
            .annotate(count=Count(article, distinct=True))
            .values_list(
                owner,
                f"{prefix}kind",
                f"{prefix}{relation}__name_fr",
                f"{prefix}{relation}__name_en",
                "count",
            )
        )
        for owner_id, kind, name_fr, name_en, count in rows:
            counts[owner_id].append(
                (count, _wrote(kind, count, _in_sentence(_localised(name_fr, name_en))))
            )
    rows = (
        links.filter(**{f"{prefix}themes__isnull": True, f"{prefix}skills__isnull": True})
        .values(owner, f"{prefix}kind")
        .annotate(count=Count(article, distinct=True))
        .values_list(owner, f"{prefix}kind", "count")
    )
    for owner_id, kind, count in rows:
        counts[owner_id].append((count, _wrote(kind, count, "")))
    return {
        owner_id: [text for _count, text in sorted(items, key=lambda item: -item[0])]
        for owner_id, items in counts.items()
    }


def expert_organisations(
    *,
    access: Access,
    territory: Territory | None = None,
    theme: Theme | None = None,
    skill: Skill | None = None,
) -> QuerySet[Organisation]:
    """Organisations whose activities or published articles match, most prolific first."""
    organisations = Organisation.objects.visible_to(access)
    if territory is not None:
        organisations = organisations.in_territory(territory)
    topic_articles = _topic_articles(access, theme, skill).filter(organisation__isnull=False)
    if skill is not None:
        organisations = organisations.filter(
            Q(
                pk__in=Organisation.activities.through.objects.filter(skill=skill).values(
                    "organisation_id"
                )
            )
            | Q(pk__in=topic_articles.values("organisation_id"))
        )
    elif theme is not None:
        organisations = organisations.filter(pk__in=topic_articles.values("organisation_id"))
    else:
        organisations = organisations.filter(
            Q(pk__in=Organisation.activities.through.objects.values("organisation_id"))
            | Q(pk__in=topic_articles.values("organisation_id"))
        )
    return organisations.annotate(
        written=Count(
            "articles",
            filter=Q(articles__pk__in=_articles(access).values("pk")),
        )
    ).order_by("-written", "legal_name", "pk")


def organisations_evidence(
    organisations: Sequence[Organisation], *, access: Access
) -> list[Expertise]:
    """The evidence of each organisation: its activities and what was published in its name."""
    ids = [organisation.pk for organisation in organisations]
    activities: dict[int, list[str]] = defaultdict(list)
    for organisation_id, name_fr, name_en in Organisation.activities.through.objects.filter(
        organisation_id__in=ids
    ).values_list("organisation_id", "skill__name_fr", "skill__name_en"):
        activities[organisation_id].append(_localised(name_fr, name_en))
    written = _written_by(
        _articles(access).filter(organisation_id__in=ids), owner="organisation_id", prefix=""
    )
    return [
        Expertise(
            subject=organisation,
            declared=sorted(activities[organisation.pk], key=str.lower),
            evidence=written.get(organisation.pk, [])[:MAX_EVIDENCE],
            written=getattr(organisation, "written", 0),
        )
        for organisation in organisations
    ]
