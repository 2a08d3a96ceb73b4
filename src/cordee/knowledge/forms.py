"""Forms of the knowledge base: writing an article, filtering the list, commenting."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from cordee.accounts.models import User
from cordee.knowledge.attachments import accepted_list
from cordee.knowledge.models import Article, ArticleKind, ArticleStatus, Theme
from cordee.knowledge.services import TRANSITIONS, ArticleData, parse_tags
from cordee.network.access import Access
from cordee.network.forms import PlainSelect, TerritoryChoiceField
from cordee.network.models import Affiliation, Organisation, Skill, Territory, WorkingGroup
from cordee.network.scopes import Scope


class PlainSelectMultiple(forms.SelectMultiple):
    """A multiple select drawn in Python: the list of the network's people is long, and
    Django's option templates made the edit page slow."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}" multiple{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            options,
        )


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class ArticleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Article) -> str:
        return obj.title


def network_people() -> Any:
    """People who may be named co-authors: active accounts working in the network."""
    return (
        User.objects.filter(is_active=True, erased_at__isnull=True)
        .filter(
            Q(pk__in=Affiliation.objects.current().values("person_id"))
            | Q(role_assignments__isnull=False)
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ArticleKind.choices)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what a reader will learn."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Markdown: ## for a heading, **bold**, - for a list, [text](https://...) for a link."
        ),
    )
    scope = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Public pages speak for the network: only its staff publish them. Members "
            "publish for the whole network, a territory or a working group; a private "
            "article is a draft only its authors see."
        ),
    )
    scope_territory = TerritoryChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=_("Choose a territory"),
        widget=PlainSelect,
        help_text=_("When it is for one territory."),
    )
    scope_group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        empty_label=_("Choose a working group"),
        help_text=_("When it is for one working group."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ArticleStatus.choices,
        help_text=_(
            "Draft while you write, in review when you want a second opinion, published "
            "for its readers, archived when it no longer applies."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("No organisation"),
    )
    authors = PersonChoiceField(
        label=_("Authors"),
        queryset=User.objects.none(),
        widget=PlainSelectMultiple(attrs={"size": 6}),
        help_text=_("Co-authors may edit the article. Keep Ctrl (or ⌘) pressed to pick several."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Technical themes"),
        queryset=Skill.objects.all(),
        required=False,
        widget=PlainSelectMultiple(attrs={"size": 6}),
        help_text=_("Keep Ctrl (or ⌘) pressed to pick several."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. brass, tool wear."),
    )
    related = ArticleChoiceField(
        label=_("Related articles"),
        queryset=Article.objects.none(),
        required=False,
        widget=PlainSelectMultiple(attrs={"size": 6}),
        help_text=_("Keep Ctrl (or ⌘) pressed to pick several."),
    )
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=200,
        help_text=_("A few words kept with this version, e.g. “added the 2025 figures”."),
    )

    def __init__(
        self, *args: Any, access: Access, article: Article | None = None, **kwargs: Any
    ) -> None:
        if article is not None and not kwargs.get("initial"):
            kwargs["initial"] = _initial(article)
        super().__init__(*args, **kwargs)
        self.access = access
        self.article = article
        current = article.status if article is not None else ArticleStatus.DRAFT
        allowed = TRANSITIONS[current] if article is not None else set(ArticleStatus.values)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in ArticleStatus.choices if value in allowed
        ]
        groups = WorkingGroup.objects.all()
        if not access.is_staff:
            groups = groups.filter(pk__in=access.group_ids)
        cast(forms.ModelChoiceField, self.fields["scope_group"]).queryset = groups
        organisations = Organisation.objects.filter(pk__in=access.organisation_ids)
        if access.is_staff:
            organisations = Organisation.objects.all()
        if article is not None and article.organisation is not None:
            organisations = organisations | Organisation.objects.filter(pk=article.organisation.pk)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = organisations.distinct()
        cast(forms.ModelChoiceField, self.fields["authors"]).queryset = network_people()
        related = Q(pk__in=Article.objects.visible_to(access).published().values("pk"))
        if article is not None:
            related |= Q(pk__in=article.related.values("pk"))
        cast(forms.ModelChoiceField, self.fields["related"]).queryset = (
            Article.objects.filter(related)
            .exclude(pk__in=[article.pk] if article is not None else [])
            .order_by("title")
        )

    def to_data(self) -> ArticleData:
        data = self.cleaned_data
        return ArticleData(
            title=data["title"],
            kind=data["kind"],
            summary=data["summary"],
            body=data["body"],
            scope=data["scope"],
            scope_territory=data["scope_territory"],
            scope_group=data["scope_group"],
            status=data["status"],
            organisation=data["organisation"],
            authors=list(data["authors"]),
            themes=list(data["themes"]),
            skills=list(data["skills"]),
            tags=parse_tags(data["tags"]),
            related=list(data["related"]),
        )


def _initial(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "kind": article.kind,
        "summary": article.summary,
        "body": article.body,
        "scope": article.scope,
        "scope_territory": article.scope_territory_id,
        "scope_group": article.scope_group_id,
        "status": article.status,
        "organisation": article.organisation_id,
        "authors": list(article.authors.all()),
        "themes": list(article.themes.all()),
        "skills": list(article.skills.all()),
        "tags": ", ".join(tag.name for tag in article.tags.all()),
        "related": list(article.related.all()),
    }


class ArticleFilterForm(forms.Form):
    """The list's filters. Values in the address are slugs, never ids."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *ArticleKind.choices],
        required=False,
        widget=PlainSelect,
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        widget=PlainSelect,
    )
    skill = forms.ModelChoiceField(
        label=_("Technical theme"),
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All technical themes"),
        widget=PlainSelect,
    )
    territory = TerritoryChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All territories"),
        widget=PlainSelect,
    )
    # A text box, not a list: an archive brings thousands of tags.
    tag = forms.CharField(label=_("Tag"), required=False, max_length=80)
    mine = forms.BooleanField(label=_("Only what I wrote, drafts included"), required=False)
    # Shown to staff: members send for review what they want published for the public.
    waiting = forms.BooleanField(label=_("Only articles waiting for review"), required=False)


class ExpertFilterForm(forms.Form):
    theme = ArticleFilterForm.base_fields["theme"]
    skill = ArticleFilterForm.base_fields["skill"]
    territory = ArticleFilterForm.base_fields["territory"]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Members who can read the article see your comment with your name."),
    )


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is hidden"),
        max_length=300,
        help_text=_("Its author receives this reason."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s; up to %(limit)s.") % {
            "types": accepted_list(),
            "limit": filesizeformat(settings.KNOWLEDGE_ATTACHMENT_MAX_BYTES),
        }
