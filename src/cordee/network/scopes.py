"""Every piece of content has a scope: who may see it.

Content models inherit :class:`ScopedModel`; their QuerySet's
``visible_to(access)`` combines :func:`scope_q` with what the model adds
(its authors always see their own private drafts, for instance).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cordee.network.access import Access


class Scope(models.TextChoices):
    PUBLIC = "public", _("public")
    NETWORK = "network", _("the whole network")
    TERRITORY = "territory", _("one territory")
    GROUP = "group", _("one working group")
    PRIVATE = "private", _("private")


class ScopedModel(models.Model):
    scope = models.CharField(
        _("visible to"), max_length=10, choices=Scope.choices, default=Scope.NETWORK, db_index=True
    )
    scope_territory = models.ForeignKey(
        "network.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
    )
    scope_group = models.ForeignKey(
        "network.WorkingGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("working group"),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.scope == Scope.TERRITORY and not self.scope_territory_id:
            raise ValidationError({"scope_territory": _("Choose the territory that may see it.")})
        if self.scope == Scope.GROUP and not self.scope_group_id:
            raise ValidationError({"scope_group": _("Choose the working group that may see it.")})
        if self.scope != Scope.TERRITORY:
            self.scope_territory = None
        if self.scope != Scope.GROUP:
            self.scope_group = None


def scope_q(access: Access, prefix: str = "") -> Q:
    """The filter for content of a :class:`ScopedModel` that ``access`` may see.

    Private content is left out: each model adds its own owners.
    """
    query = Q(**{f"{prefix}scope": Scope.PUBLIC})
    if access.sees_member_content:
        query |= Q(**{f"{prefix}scope": Scope.NETWORK})
    query |= Q(**{f"{prefix}scope": Scope.TERRITORY}) & access.territory_q(
        f"{prefix}scope_territory"
    )
    group = Q(**{f"{prefix}scope_group__in": access.group_ids})
    if access.is_staff:
        # The groups of their territories, read by a subquery rather than a join: the
        # filter then reads only the content's own columns (search copies them).
        from cordee.network.models import WorkingGroup

        staff_groups = WorkingGroup.objects.filter(access.staff_territory_q("territory"))
        group |= Q(**{f"{prefix}scope_group__in": staff_groups.values("pk")})
    query |= Q(**{f"{prefix}scope": Scope.GROUP}) & group
    return query
