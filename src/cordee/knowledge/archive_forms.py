"""Forms of the archive import: a ZIP file or a server folder, and who will see the articles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cordee.knowledge.archive import IMPORT_SCOPES
from cordee.knowledge.archive_sources import limit, megabytes
from cordee.network.access import Access
from cordee.network.models import Territory
from cordee.network.scopes import Scope


class ArchiveScopeForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Once published, the articles will be visible to"),
        choices=[(scope.value, scope.label) for scope in IMPORT_SCOPES],
        initial=Scope.NETWORK,
        widget=forms.RadioSelect,
        help_text=_("Every article starts as a draft, seen only by the staff, until published."),
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.none(),
        required=False,
        help_text=_("Only when the articles are for one territory."),
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        territories = Territory.objects.all()
        field = self.fields["territory"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = territories.filter(
            pk__in=[t.pk for t in territories if access.is_staff_for(t)]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == Scope.TERRITORY and not data.get("territory"):
            self.add_error("territory", _("Choose the territory that may see the articles."))
        return data


class ArchiveUploadForm(ArchiveScopeForm):
    file = forms.FileField(
        label=_("ZIP file of the archive"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    field_order = ["file", "scope", "territory"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(size)s MB. PDF, DOCX, ODT, Markdown, HTML and text files, in folders: "
            "each becomes a draft article, its folders become tags."
        ) % {"size": megabytes(limit("ARCHIVE_MAX_UPLOAD_BYTES"))}


class ArchiveFolderForm(ArchiveScopeForm):
    folder = forms.CharField(
        label=_("Folder on the server"),
        max_length=500,
        help_text=_("Its path inside the import folder set up by the server's administrator."),
    )

    field_order = ["folder", "scope", "territory"]
