"""Search at /search/: French words, typos, filters, snippets, and only what the person may see."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cordee.knowledge.models import Article, ArticleKind, ArticleStatus, Theme
from cordee.knowledge.search import Filters, index_article, ranking, search, unindex_article
from cordee.knowledge.search_models import SearchDocument
from cordee.network.access import Access
from cordee.network.scopes import Scope

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def make_article(slug: str, title: str, body: str = "", **fields: object) -> Article:
    fields.setdefault("status", ArticleStatus.PUBLISHED)
    fields.setdefault("scope", Scope.NETWORK)
    fields.setdefault("published_at", timezone.now())
    themes = fields.pop("themes", [])
    authors = fields.pop("authors", [])
    article = Article.objects.create(slug=slug, title=title, body=body, **fields)
    article.themes.set(themes)
    article.authors.set(authors)
    index_article(article)
    return article


def found(access: Access, query: str, **filters: object) -> list[str]:
    results = search(access=access, query=query, filters=Filters(**filters))  # type: ignore[arg-type]
    return [hit.title for hit in results.hits]


@pytest.fixture
def staff_access(staff) -> Access:
    return Access.for_user(staff)


def test_a_query_without_accents_finds_an_article_written_with_them(staff_access):
    make_article("deco", "Le décolletage du laiton", "Les barres passent au tour.")
    assert found(staff_access, "decolletage") == ["Le décolletage du laiton"]
    assert found(staff_access, "DÉCOLLETAGE") == ["Le décolletage du laiton"]


def test_another_form_of_a_word_finds_the_article(staff_access):
    make_article("usiner", "Usiner l'inox sans brûler les outils", "Vitesse de coupe prudente.")
    assert found(staff_access, "usinage") == ["Usiner l'inox sans brûler les outils"]
    assert found(staff_access, "outil") == ["Usiner l'inox sans brûler les outils"]


def test_a_mistyped_word_is_corrected_and_the_page_says_so(client_as, network):
    make_article("deco", "Le décolletage du laiton", "Les barres passent au tour.")
    results = search(access=Access(is_superuser=True), query="decoletage")
    assert results.corrected == "decolletage"
    response = client_as("member").get(reverse("search"), {"q": "laiton decoletage"}, **ENGLISH)
    assert "Results for <strong>laiton decolletage</strong>" in response.content.decode()
    assert "Le <mark>décolletage</mark> du <mark>laiton</mark>" in response.content.decode()


def test_a_word_found_in_the_title_ranks_above_one_found_in_the_text(staff_access):
    make_article("body", "Tenir les délais", "Un mot sur la trempe des aciers en fin de texte.")
    make_article("title", "La trempe des aciers", "Une méthode simple.")
    assert found(staff_access, "trempe") == ["La trempe des aciers", "Tenir les délais"]


def test_when_no_article_has_every_word_those_with_some_are_shown(staff_access):
    make_article("a", "Recyclage des copeaux", "")
    results = search(access=staff_access, query="copeaux hélicoptère")
    assert results.any_term
    assert [hit.title for hit in results.hits] == ["Recyclage des copeaux"]


def test_filters_narrow_by_kind_theme_territory_and_date(staff_access, network):
    innovation = Theme.objects.get(slug="innovation")
    make_article(
        "a",
        "Capteurs sur les tours",
        kind=ArticleKind.LESSONS,
        themes=[innovation],
        organisation=network.bouvier,
        published_at=datetime(2021, 3, 1, tzinfo=UTC),
    )
    make_article("b", "Capteurs de vibration", kind=ArticleKind.GUIDE, organisation=network.lacroix)
    assert found(staff_access, "capteurs", kind=ArticleKind.LESSONS) == ["Capteurs sur les tours"]
    assert found(staff_access, "capteurs", theme="innovation") == ["Capteurs sur les tours"]
    assert found(staff_access, "capteurs", territory="annecy") == ["Capteurs de vibration"]
    assert found(staff_access, "capteurs", territory="haute-savoie") != []
    since = datetime(2022, 1, 1).date()
    assert found(staff_access, "capteurs", since=since) == ["Capteurs de vibration"]
    assert found(staff_access, "capteurs", until=since) == ["Capteurs sur les tours"]


def test_facets_count_each_kind_ignoring_the_kind_filter(staff_access):
    make_article("a", "Capteurs sur les tours", kind=ArticleKind.LESSONS)
    make_article("b", "Capteurs de vibration", kind=ArticleKind.GUIDE)
    results = search(access=staff_access, query="capteur", filters=Filters(kind="guide"))
    assert results.count == 1
    assert {facet.value: facet.count for facet in results.facets["kind"]} == {
        "lessons": 1,
        "guide": 1,
    }


def test_a_script_in_an_article_is_shown_as_text_in_the_snippet(client_as):
    make_article(
        "xss", "Pièges <b>du</b> laiton", "Avant <script>alert('x')</script> le laiton coule."
    )
    page = client_as("member").get(reverse("search"), {"q": "laiton"}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Pièges &lt;b&gt;du&lt;/b&gt; <mark>laiton</mark>" in page


def test_an_outsider_never_sees_a_network_article_in_results_snippets_or_counts(client_as):
    make_article("public", "Laiton sans plomb : le calendrier", scope=Scope.PUBLIC)
    make_article(
        "secret",
        "Laiton : nos prix d'achat confidentiels",
        "Le fournisseur Zorglub nous fait 12 % de remise.",
        kind=ArticleKind.LESSONS,
    )
    outsider = client_as("outsider").get(reverse("search"), {"q": "laiton"}, **ENGLISH)
    page = outsider.content.decode()
    assert "1 result" in page
    assert "confidentiels" not in page
    assert "Zorglub" not in page
    assert "Lessons learned" not in page  # the facet of the hidden article's kind
    member = client_as("member").get(reverse("search"), {"q": "laiton"}, **ENGLISH)
    assert "2 results" in member.content.decode()
    assert "Zorglub" in member.content.decode()
    # Nor by its own words, nor by a typo of them.
    for query in ("Zorglub", "zorglob", "confidentiel", "remise"):
        page = client_as("outsider").get(reverse("search"), {"q": query}, **ENGLISH)
        assert "0 results" in page.content.decode()
        assert "remise" not in page.content.decode().replace(query, "")
        assert "confidentiels" not in page.content.decode()


def test_a_visitor_finds_public_articles_only(client_as):
    make_article("public", "Chaleur fatale récupérée", scope=Scope.PUBLIC)
    make_article("network", "Chaleur des fours", scope=Scope.NETWORK)
    page = client_as("visitor").get(reverse("search"), {"q": "chaleur"}).content.decode()
    assert "<mark>Chaleur</mark> fatale récupérée" in page
    assert "des fours" not in page


def test_a_draft_is_found_by_its_author_only(person):
    expert = person("expert")
    make_article("draft", "Brouillon sur la galvanoplastie", status=ArticleStatus.DRAFT)
    Article.objects.get(slug="draft").authors.add(expert)
    assert found(Access.for_user(expert), "galvanoplastie") == ["Brouillon sur la galvanoplastie"]
    assert found(Access.for_user(person("member")), "galvanoplastie") == []


@pytest.mark.parametrize(
    "query",
    ["'\"; DROP TABLE knowledge_article; --", "*", "NEAR(", '"', "AND OR NOT", "laiton" * 2000],
)
def test_hostile_queries_are_neutralised_without_an_error(client_as, query):
    make_article("a", "Le laiton", "")
    response = client_as("member").get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert Article.objects.filter(slug="a").exists()


def test_a_10000_character_query_is_cut_in_the_box_too(client_as):
    response = client_as("member").get(reverse("search"), {"q": "x" * 10_000})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="q" value="' + "x" * 200 + '"' in page
    assert 'name="q" value="' + "x" * 201 not in page


def test_a_wrong_date_keeps_the_words(client_as):
    make_article("a", "Le laiton", "")
    page = client_as("member").get(reverse("search"), {"q": "laiton", "since": "pas une date"})
    assert page.status_code == 200
    assert "Le <mark>laiton</mark>" in page.content.decode()


def test_htmx_gets_the_results_only(client_as):
    make_article("a", "Le laiton", "")
    response = client_as("member").get(reverse("search"), {"q": "laiton"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "<mark>laiton</mark>" in response.content.decode()


def test_the_header_has_an_accessible_search_box(client_as):
    page = client_as("visitor").get("/", **ENGLISH).content.decode()
    assert 'role="search"' in page
    assert '<label for="site-search-q"' in page


def test_an_edited_article_is_found_by_its_new_words_and_a_deleted_one_no_more(staff_access):
    article = make_article("a", "Le laiton", "")
    article.title = "Le bronze"
    article.save()
    index_article(article)
    assert found(staff_access, "bronze") == ["Le bronze"]
    assert found(staff_access, "laiton") == []
    unindex_article(article.pk)
    assert found(staff_access, "bronze") == []


def test_the_reindex_command_rebuilds_the_index(staff_access):
    make_article("a", "Le laiton", "")
    SearchDocument.objects.all().delete()
    assert found(staff_access, "laiton") == []
    call_command("reindex_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert found(staff_access, "laiton") == ["Le laiton"]


@override_settings(CORDEE_EMBEDDINGS_LOCAL=False, CORDEE_EMBEDDINGS_URL="")
def test_without_embeddings_search_is_lexical(staff_access):
    make_article("a", "Le laiton", "")
    results = search(access=staff_access, query="laiton")
    assert not results.semantic
    assert [hit.title for hit in results.hits] == ["Le laiton"]


def test_the_search_page_asks_few_queries(client_as, django_assert_max_num_queries):
    for number in range(30):
        make_article(f"a{number}", f"Le laiton numéro {number}", "")
    client = client_as("member")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("search"), {"q": "laiton"})
    assert response.status_code == 200


def test_an_article_written_through_the_service_is_found_at_once(person):
    from cordee.knowledge.services import ArticleData, article_create

    expert = person("expert")
    access = Access.for_user(expert)
    data = ArticleData(
        title="Traitement thermique des ressorts",
        kind=ArticleKind.PRACTICE,
        status=ArticleStatus.PUBLISHED,
        authors=[expert],
    )
    article_create(data=data, by=expert, access=access)
    assert found(access, "ressort thermique") == ["Traitement thermique des ressorts"]


def test_the_kept_visibility_follows_the_articles_scope(person, network):
    member = Access.for_user(person("member"))
    article = make_article("bavures", "Réduire les bavures sur laiton")
    assert found(member, "bavures") == ["Réduire les bavures sur laiton"]
    # Another territory's article: the SQL kept from the first search reads scopes live.
    article.scope, article.scope_territory = Scope.TERRITORY, network.chablais
    article.save()
    index_article(article)
    assert found(member, "bavures") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner settings are PostgreSQL's")
def test_search_leaves_the_planner_settings_as_they_were(staff_access):
    make_article("laiton", "Usiner le laiton")

    def settings() -> tuple[str, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
            return cursor.fetchone()

    before = settings()
    assert found(staff_access, "laiton") == ["Usiner le laiton"]
    assert settings() == before


def test_the_evaluation_ranks_every_word_before_some_words(staff_access):
    """As the search page shows only the articles with every word when there are some."""
    both = make_article("bruit", "Le bruit", "Mesurer le bruit dans un atelier.")
    some = make_article(
        "atelier", "L'atelier, l'atelier", "Atelier propre, atelier rangé, atelier sûr, atelier."
    )
    assert ranking(access=staff_access, query="bruit atelier", mode="lexical") == [
        both.pk,
        some.pk,
    ]
