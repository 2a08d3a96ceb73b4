"""Routing a help request: the people most likely to help, and the articles that
may already answer it, each with the plain reasons it was chosen.

Two halves. :func:`score_candidates` is a pure function over the evidence
gathered for each candidate (what they declared, what their company does,
what they wrote, what they answered, where they work, how recently, how often
they were asked lately): it decides who is left out and in what order, and is
tested on its own. :func:`propose_people` gathers that evidence in a fixed
number of queries, whatever the size of the network, and turns it into
sentences a person reads.

The text is matched through the knowledge search (lexical, and semantic when
an embedder is configured: without one, routing stays lexical).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from cordee.accounts.models import Expertise, User
from cordee.knowledge import search
from cordee.knowledge.models import Article, Reaction, Theme
from cordee.knowledge.search_text import STOP_WORDS, parse_query, stem, words
from cordee.mutualaid.models import Answer, HelperAvailability, HelpRequest, Solicitation
from cordee.network.access import Access
from cordee.network.models import Affiliation, Organisation, Skill, Territory

# Nobody is asked more often than this in SOLICITATION_WINDOW: no one is flooded.
MAX_SOLICITATIONS = 3
SOLICITATION_WINDOW = timedelta(days=30)
# Articles the search returns, whose authors become candidates.
ARTICLE_CANDIDATES = 30
# People at companies doing the requested activities, taken even without other
# evidence, so that a request on a topic nobody wrote about still finds someone.
ACTIVITY_CANDIDATES = 100
ACTIVITY_ORGANISATIONS = 50
# Of the people who declared the expertise, and of those who answered similar
# requests, the ones with the most evidence are candidates (then weighed with all of it).
CANDIDATES_PER_KIND = 100
# How many articles a reason names before it counts the rest.
TITLES_NAMED = 1
RECENCY_HALF_LIFE_DAYS = 365
# The search reads the request's first words that say something (the title's, then the
# description's), this many at most: each more word makes the search match more of a
# large knowledge base, and PostgreSQL ranks every match.
SEARCH_TERMS = 6


# The pure half: evidence in, ranking out.


@dataclass(frozen=True)
class ArticleEvidence:
    """An article a candidate wrote, found by the search for the request's text."""

    article_id: int
    title: str
    # In (0, 1]: 1 for the search's first result, less further down.
    relevance: float


@dataclass(frozen=True)
class CandidateEvidence:
    """Everything routing knows about one person, for one request."""

    person_id: int
    organisation_ids: frozenset[int] = frozenset()
    # Declared expertise that the request names (in its text or its tags).
    declared: tuple[str, ...] = ()
    # Activities of their companies among the request's technical themes.
    organisation_skills: tuple[str, ...] = ()
    articles: tuple[ArticleEvidence, ...] = ()
    # Their answers to similar requests: accepted as the solution, and the others.
    solutions: int = 0
    answers: int = 0
    same_territory: bool = False
    # Days since their latest answer or article on the topic; None when unknown.
    last_active_days: float | None = None
    # Times they were asked for help lately (see SOLICITATION_WINDOW).
    recent_solicitations: int = 0
    # False when they opted out of requests or are away.
    available: bool = True


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts. Counts saturate (log): the tenth
    article adds less than the first, so one prolific author does not hide the others."""

    declared: float = 2.0
    organisation_skill: float = 0.5
    article: float = 3.0
    solution: float = 4.0
    answer: float = 1.5
    territory: float = 0.75
    # The most recent activity raises the score by at most this share.
    recency: float = 0.3
    # Each recent solicitation lowers the score by this share, spreading the load.
    load: float = 0.15


DEFAULT_WEIGHTS = Weights()
# The baseline of the evaluation: what people declared and what their companies do.
TAGS_ONLY = Weights(article=0.0, solution=0.0, answer=0.0, territory=0.0, recency=0.0, load=0.0)


@dataclass(frozen=True)
class ScoredCandidate:
    evidence: CandidateEvidence
    score: float


def recency(days: float | None) -> float:
    """1 for today, halving every RECENCY_HALF_LIFE_DAYS; 0 when unknown."""
    if days is None:
        return 0.0
    return 0.5 ** (max(0.0, days) / RECENCY_HALF_LIFE_DAYS)


def topical_score(evidence: CandidateEvidence, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """What the person knows of the topic; 0 means nothing links them to it."""
    return (
        weights.declared * math.log1p(len(evidence.declared))
        + weights.organisation_skill * math.log1p(len(evidence.organisation_skills))
        + weights.article * math.log1p(sum(article.relevance for article in evidence.articles))
        + weights.solution * math.log1p(evidence.solutions)
        + weights.answer * math.log1p(evidence.answers)
    )


def candidate_score(evidence: CandidateEvidence, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """The score of one candidate: what they know, a little more nearby and when
    recently active, a little less when asked often lately. 0 without topical evidence:
    being nearby alone is no reason to be asked."""
    topical = topical_score(evidence, weights)
    if topical <= 0:
        return 0.0
    nearby = weights.territory if evidence.same_territory else 0.0
    boost = 1 + weights.recency * recency(evidence.last_active_days)
    load = 1 + weights.load * max(0, evidence.recent_solicitations)
    return (topical + nearby) * boost / load


def score_candidates(
    candidates: Iterable[CandidateEvidence],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    asker_id: int | None = None,
    asker_organisation_id: int | None = None,
    max_solicitations: int = MAX_SOLICITATIONS,
    limit: int | None = None,
) -> list[ScoredCandidate]:
    """The candidates who may be asked, best first (ties by person id, so the order
    never depends on the input's). Left out: the asker and their company's people,
    those unavailable, those asked ``max_solicitations`` times lately, and those with
    nothing linking them to the topic."""
    scored = []
    for evidence in candidates:
        if evidence.person_id == asker_id:
            continue
        if asker_organisation_id is not None and asker_organisation_id in evidence.organisation_ids:
            continue
        if not evidence.available or evidence.recent_solicitations >= max_solicitations:
            continue
        score = candidate_score(evidence, weights)
        if score > 0:
            scored.append(ScoredCandidate(evidence, score))
    scored.sort(key=lambda candidate: (-candidate.score, candidate.evidence.person_id))
    return scored if limit is None else scored[:limit]


def matching_expertise(names: dict[int, str], text_stems: set[str]) -> list[int]:
    """Ids of the expertise whose every significant word is in ``text_stems``
    ("audit interne" needs both words; "IATF 16949" both tokens)."""
    found = []
    for expertise_id, name in names.items():
        stems = name_stems(name)
        if stems and stems <= text_stems:
            found.append(expertise_id)
    return found


def search_words(text: str) -> str:
    """What the search is asked: the first SEARCH_TERMS telling words of ``text``."""
    return " ".join(term.word for term in parse_query(text)[:SEARCH_TERMS])


def name_stems(text: str) -> set[str]:
    return {stem(word) for word in words(text) if word not in STOP_WORDS}


def article_relevance(rank: int) -> float:
    """The weight of the search's result at ``rank`` (0 for the first): 1, 0.75, 0.6..."""
    return 1 / (1 + rank / 3)


# The Django half: what is asked, what is gathered, what is shown.


@dataclass(frozen=True)
class RoutingQuery:
    text: str  # title + "\n" + description
    theme_id: int | None
    skill_ids: tuple[int, ...]
    territory_id: int | None  # the asker's organisation's territory
    asker_id: int | None
    asker_organisation_id: int | None


@dataclass(frozen=True)
class ProposedPerson:
    person_id: int
    score: float
    reasons: tuple[str, ...]  # translated, plain sentences


@dataclass(frozen=True)
class ProposedArticle:
    article_id: int
    reasons: tuple[str, ...]


@dataclass
class _Topic:
    """The request's tags, read once: names for matching and for the reasons."""

    skill_names: dict[int, str] = field(default_factory=dict)
    theme_name: str = ""
    territory: Territory | None = None
    # The technical themes' names in both languages, matched to declared expertise.
    names_fr_en: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """What the request is about, inside a sentence: its first technical theme, or its theme."""
        if self.skill_names:
            return _in_sentence(next(iter(self.skill_names.values())))
        return _in_sentence(self.theme_name)


def _in_sentence(name: str) -> str:
    """A taxonomy name inside a sentence: "on surface treatment", but "on CAD and CAM"."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _topic(query: RoutingQuery) -> _Topic:
    topic = _Topic()
    for skill in Skill.objects.filter(pk__in=query.skill_ids).order_by("name_fr"):
        topic.skill_names[skill.pk] = skill.name
        topic.names_fr_en += [skill.name_fr, skill.name_en]
    if query.theme_id is not None:
        theme = Theme.objects.filter(pk=query.theme_id).first()
        # Themes are the network's broad pillars: named in reasons, not matched to expertise.
        topic.theme_name = theme.name if theme is not None else ""
    if query.territory_id is not None:
        topic.territory = Territory.objects.filter(pk=query.territory_id).first()
    return topic


def _asker_access(query: RoutingQuery) -> Access:
    """What the asker may read: the articles that name people must be visible to them."""
    asker = User.objects.filter(pk=query.asker_id).first() if query.asker_id else None
    return Access.for_user(asker) if asker is not None else Access.anonymous()


def _similar_requests(query: RoutingQuery, article_ids: Sequence[int]) -> Q:
    """Requests like this one: sharing a technical theme (or, without any, the theme),
    or turned into one of the articles the search found."""
    similar = Q(capitalised_as_id__in=list(article_ids))
    if query.skill_ids:
        similar |= Q(
            pk__in=HelpRequest.skills.through.objects.filter(skill_id__in=query.skill_ids).values(
                "helprequest_id"
            )
        )
    elif query.theme_id is not None:
        similar |= Q(theme_id=query.theme_id)
    return similar


def gather_evidence(
    query: RoutingQuery, *, now: datetime | None = None, access: Access | None = None
) -> tuple[list[CandidateEvidence], _Topic]:
    """The evidence of every person linked to the request's topic, in a fixed number
    of queries. People outside the directory (inactive, erased, unlisted, with no
    current organisation) are not candidates at all."""
    now = now or timezone.now()
    access = access if access is not None else _asker_access(query)
    topic = _topic(query)

    # What they wrote: authors of the articles the search finds for the text.
    article_ids = search.ranking(
        access=access, query=search_words(query.text), limit=ARTICLE_CANDIDATES
    )
    relevance = {pk: article_relevance(rank) for rank, pk in enumerate(article_ids)}
    written: dict[int, list[ArticleEvidence]] = defaultdict(list)
    last_active: dict[int, datetime] = {}
    for article_id, user_id, title, published_at in Article.authors.through.objects.filter(
        article_id__in=article_ids
    ).values_list("article_id", "user_id", "article__title", "article__published_at"):
        written[user_id].append(ArticleEvidence(article_id, title, relevance[article_id]))
        _later(last_active, user_id, published_at)

    # What they declared: expertise named by the text or by the request's tags.
    text_stems = name_stems(query.text) | name_stems(" ".join(topic.names_fr_en))
    expertise_names = dict(Expertise.objects.values_list("pk", "name"))
    matched = matching_expertise(expertise_names, text_stems)
    declaring = User.expertise.through.objects.filter(expertise_id__in=matched)
    most_declared = (
        declaring.values("user_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "user_id")
        .values_list("user_id", flat=True)[:CANDIDATES_PER_KIND]
    )

    # What they answered: answers (not comments) to similar requests.
    answers = Answer.objects.shown_answers().filter(
        help_request__in=HelpRequest.objects.filter(_similar_requests(query, article_ids)).values(
            "pk"
        ),
        author__isnull=False,
    )
    # Every author's counts in one query of integers (thousands of rows at most).
    answered: dict[int, tuple[int, int]] = {}
    for author_id, count, solutions in (
        answers.values("author_id")
        .annotate(answers=Count("pk"), solutions=Count("pk", filter=Q(is_solution=True)))
        .values_list("author_id", "answers", "solutions")
    ):
        answered[author_id] = (count - solutions, solutions)
    most_answers = heapq.nsmallest(
        CANDIDATES_PER_KIND, answered, key=lambda pk: (-answered[pk][1], -answered[pk][0], pk)
    )

    # People at companies doing the requested activities, those with most of them first.
    top_organisations = (
        Organisation.activities.through.objects.filter(skill_id__in=query.skill_ids)
        .values("organisation_id")
        .annotate(matches=Count("pk"))
        .order_by("-matches", "organisation_id")
        .values("organisation_id")[:ACTIVITY_ORGANISATIONS]
    )
    by_activity = (
        Affiliation.objects.current()
        .filter(organisation_id__in=top_organisations)
        .order_by("person_id")
        .values_list("person_id", flat=True)[:ACTIVITY_CANDIDATES]
    )

    # The candidates: the first of each kind (a popular expertise is declared by
    # thousands of people at the regional scale), then all the evidence of each.
    ids = set(written) | set(most_declared) | set(most_answers)
    if query.skill_ids:
        ids |= set(by_activity)
    ids.discard(query.asker_id)
    if not ids:
        return [], topic
    declared: dict[int, list[str]] = defaultdict(list)
    for user_id, expertise_id in declaring.filter(user_id__in=ids).values_list(
        "user_id", "expertise_id"
    ):
        declared[user_id].append(expertise_names[expertise_id])
    for author_id, latest in (
        answers.filter(author_id__in=ids & set(answered))
        .values("author_id")
        .annotate(latest=Max("created_at"))
        .values_list("author_id", "latest")
    ):
        _later(last_active, author_id, latest)

    # Who they are: in the directory, with their current organisations.
    organisations: dict[int, set[int]] = defaultdict(set)
    paths: dict[int, set[str]] = defaultdict(set)
    for person_id, organisation_id, path in (
        Affiliation.objects.current()
        .filter(
            person_id__in=ids,
            person__is_active=True,
            person__erased_at__isnull=True,
            person__listed_in_directory=True,
        )
        .values_list("person_id", "organisation_id", "organisation__territory__path")
    ):
        organisations[person_id].add(organisation_id)
        paths[person_id].add(path)
    activities: dict[int, set[int]] = defaultdict(set)
    for organisation_id, skill_id in Organisation.activities.through.objects.filter(
        organisation_id__in={pk for pks in organisations.values() for pk in pks},
        skill_id__in=query.skill_ids,
    ).values_list("organisation_id", "skill_id"):
        activities[organisation_id].add(skill_id)
    unavailable = set(
        HelperAvailability.objects.filter(person_id__in=list(organisations))
        .filter(Q(accepts_requests=False) | Q(away_until__gte=timezone.localdate(now)))
        .values_list("person_id", flat=True)
    )
    solicited = dict(
        Solicitation.objects.filter(
            person_id__in=list(organisations), notified_at__gte=now - SOLICITATION_WINDOW
        )
        .values("person_id")
        .annotate(count=Count("pk"))
        .values_list("person_id", "count")
    )

    territory_path = topic.territory.path if topic.territory else None
    evidence = []
    for person_id in sorted(organisations):
        skill_ids = set().union(*(activities[pk] for pk in organisations[person_id]))
        latest = last_active.get(person_id)
        other_answers, solutions = answered.get(person_id, (0, 0))
        evidence.append(
            CandidateEvidence(
                person_id=person_id,
                organisation_ids=frozenset(organisations[person_id]),
                declared=tuple(sorted(set(declared.get(person_id, ())), key=str.lower)),
                organisation_skills=tuple(
                    topic.skill_names[pk] for pk in topic.skill_names if pk in skill_ids
                ),
                articles=tuple(
                    sorted(written.get(person_id, ()), key=lambda a: (-a.relevance, a.article_id))
                ),
                solutions=solutions,
                answers=other_answers,
                same_territory=territory_path is not None
                and any(path.startswith(territory_path) for path in paths[person_id]),
                last_active_days=(now - latest).total_seconds() / 86400 if latest else None,
                recent_solicitations=solicited.get(person_id, 0),
                available=person_id not in unavailable,
            )
        )
    return evidence, topic


def _later(latest: dict[int, datetime], key: int, moment: datetime | None) -> None:
    if moment is not None and (key not in latest or moment > latest[key]):
        latest[key] = moment


def propose_people(
    query: RoutingQuery,
    *,
    limit: int = 5,
    now: datetime | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    access: Access | None = None,
) -> list[ProposedPerson]:
    """The ``limit`` people most likely to help, best first, each with why.

    ``access`` says which articles may be named in the reasons: the asker's by
    default (the proposals are shown to the asker).
    """
    evidence, topic = gather_evidence(query, now=now, access=access)
    ranked = score_candidates(
        evidence,
        weights,
        asker_id=query.asker_id,
        asker_organisation_id=query.asker_organisation_id,
        limit=limit,
    )
    return [
        ProposedPerson(
            person_id=candidate.evidence.person_id,
            score=round(candidate.score, 4),
            reasons=person_reasons(candidate.evidence, topic, weights),
        )
        for candidate in ranked
    ]


def person_reasons(
    evidence: CandidateEvidence, topic: _Topic, weights: Weights = DEFAULT_WEIGHTS
) -> tuple[str, ...]:
    """Why a person is proposed, in plain sentences, strongest evidence first."""
    reasons = []
    about = topic.label
    if evidence.solutions and weights.solution:
        reasons.append(
            (
                ngettext(
                    "gave the accepted answer to %(count)d request on %(topic)s",
                    "gave the accepted answer to %(count)d requests on %(topic)s",
                    evidence.solutions,
                )
                if about
                else ngettext(
                    "gave the accepted answer to %(count)d similar request",
                    "gave the accepted answer to %(count)d similar requests",
                    evidence.solutions,
                )
            )
            % {"count": evidence.solutions, "topic": about}
        )
    if evidence.answers and weights.answer:
        reasons.append(
            (
                ngettext(
                    "answered %(count)d request on %(topic)s",
                    "answered %(count)d requests on %(topic)s",
                    evidence.answers,
                )
                if about
                else ngettext(
                    "answered %(count)d similar request",
                    "answered %(count)d similar requests",
                    evidence.answers,
                )
            )
            % {"count": evidence.answers, "topic": about}
        )
    if evidence.articles and weights.article:
        titles = [f"“{article.title}”" for article in evidence.articles[:TITLES_NAMED]]
        others = len(evidence.articles) - len(titles)
        if others:
            reasons.append(
                ngettext(
                    "wrote %(titles)s and %(count)d other article on the subject",
                    "wrote %(titles)s and %(count)d other articles on the subject",
                    others,
                )
                % {"titles": ", ".join(titles), "count": others}
            )
        else:
            reasons.append(gettext("wrote %(titles)s") % {"titles": ", ".join(titles)})
    if evidence.declared:
        reasons.append(
            gettext("declared expert in %(names)s") % {"names": ", ".join(evidence.declared)}
        )
    if evidence.organisation_skills:
        names = ", ".join(_in_sentence(name) for name in evidence.organisation_skills)
        reasons.append(gettext("works for a company doing %(names)s") % {"names": names})
    if evidence.same_territory and weights.territory and topic.territory is not None:
        reasons.append(gettext("same territory: %(name)s") % {"name": topic.territory.name})
    return tuple(reasons)


def propose_articles(
    query: RoutingQuery, *, access: Access, limit: int = 3
) -> list[ProposedArticle]:
    """The articles ``access`` may read that may already answer the request, best first:
    the search's ranking for the text, raised for articles filed under the request's tags."""
    found = search.ranking(access=access, query=search_words(query.text), limit=ARTICLE_CANDIDATES)
    if not found:
        return []
    topic = _topic(query)
    skills: dict[int, list[str]] = defaultdict(list)
    for article_id, skill_id in Article.skills.through.objects.filter(
        article_id__in=found, skill_id__in=query.skill_ids
    ).values_list("article_id", "skill_id"):
        skills[article_id].append(topic.skill_names[skill_id])
    same_theme = (
        set(
            Article.themes.through.objects.filter(
                article_id__in=found, theme_id=query.theme_id
            ).values_list("article_id", flat=True)
        )
        if query.theme_id is not None
        else set()
    )
    from_requests = set(
        HelpRequest.objects.filter(capitalised_as_id__in=found).values_list(
            "capitalised_as_id", flat=True
        )
    )
    useful = dict(
        Reaction.objects.filter(article_id__in=found)
        .values("article_id")
        .annotate(count=Count("pk"))
        .values_list("article_id", "count")
    )

    def score(rank: int, article_id: int) -> float:
        return (
            article_relevance(rank)
            + 0.25 * len(skills[article_id])
            + (0.1 if article_id in same_theme else 0.0)
        )

    ranked = sorted(enumerate(found), key=lambda item: (-score(*item), item[0]))[:limit]
    proposals = []
    for _rank, article_id in ranked:
        reasons = [gettext("close to the words of your request")]
        if skills[article_id]:
            names = ", ".join(_in_sentence(name) for name in sorted(skills[article_id]))
            reasons.append(gettext("filed under %(names)s") % {"names": names})
        if article_id in from_requests:
            reasons.append(gettext("written from a solved request"))
        if useful.get(article_id):
            reasons.append(
                ngettext(
                    "%(count)d person found it useful",
                    "%(count)d people found it useful",
                    useful[article_id],
                )
                % {"count": useful[article_id]}
            )
        proposals.append(ProposedArticle(article_id=article_id, reasons=tuple(reasons)))
    return proposals
