"""What a person may see and do, resolved once per request.

``Access.for_user(user)`` reads the person's roles, affiliations and working
groups in a few queries; views and QuerySet methods (``visible_to(access)``)
then decide without querying again. ``request.access`` holds it (see
:class:`AccessMiddleware`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

if TYPE_CHECKING:
    from cordee.network.models import Organisation, Territory

WHOLE_NETWORK = "/"
STAFF_ROLES = ("admin", "coordinator", "staff")


@dataclass(frozen=True)
class Access:
    user_id: int | None = None
    is_superuser: bool = False
    # Territory paths over which the person holds the role; "/" is the whole network.
    admin_paths: frozenset[str] = frozenset()
    staff_paths: frozenset[str] = frozenset()
    coordinator_paths: frozenset[str] = frozenset()
    funder_paths: frozenset[str] = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    head_of_ids: frozenset[int] = frozenset()
    member_organisation_ids: frozenset[int] = frozenset()
    member_territory_paths: frozenset[str] = frozenset()
    group_ids: frozenset[int] = frozenset()
    roles: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def anonymous(cls) -> Access:
        return cls()

    @classmethod
    def for_user(cls, user: Any) -> Access:
        if not getattr(user, "is_authenticated", False):
            return cls.anonymous()
        from cordee.network.models import GOOD_STANDING, Affiliation, Membership, RoleAssignment

        paths: dict[str, set[str]] = {
            role: set() for role in ("admin", "staff", "coordinator", "funder")
        }
        for role, path in RoleAssignment.objects.filter(person=user).values_list(
            "role", "territory__path"
        ):
            paths[role].add(path or WHOLE_NETWORK)
        if user.is_superuser:
            paths["admin"].add(WHOLE_NETWORK)
        staff_paths = paths["admin"] | paths["staff"] | paths["coordinator"]

        today = timezone.localdate()
        # Each current affiliation, with whether its organisation's membership is in good
        # standing today (one query: this runs on every request).
        affiliations = list(
            Affiliation.objects.current()
            .filter(person=user)
            .annotate(
                good_standing=Exists(
                    Membership.objects.filter(
                        organisation_id=OuterRef("organisation_id"),
                        status__in=GOOD_STANDING,
                        starts_on__lte=today,
                        ends_on__gte=today,
                    )
                )
            )
            .values_list(
                "organisation_id", "is_head", "organisation__territory__path", "good_standing"
            )
        )
        organisation_ids = {organisation_id for organisation_id, *_ in affiliations}
        in_good_standing = {organisation_id for organisation_id, *_, good in affiliations if good}
        return cls(
            user_id=user.pk,
            is_superuser=user.is_superuser,
            admin_paths=frozenset(paths["admin"]),
            staff_paths=frozenset(staff_paths),
            coordinator_paths=frozenset(paths["coordinator"]),
            funder_paths=frozenset(paths["funder"]),
            organisation_ids=frozenset(organisation_ids),
            head_of_ids=frozenset(org for org, is_head, *_ in affiliations if is_head),
            member_organisation_ids=frozenset(in_good_standing),
            member_territory_paths=frozenset(
                path for org, _, path, _good in affiliations if org in in_good_standing
            ),
            group_ids=frozenset(user.working_groups.values_list("pk", flat=True)),
            roles=frozenset(role for role, role_paths in paths.items() if role_paths),
        )

    # Who the person is, in the network.

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return WHOLE_NETWORK in self.admin_paths

    @property
    def is_staff(self) -> bool:
        """Network staff of some territory (administrators and coordinators included)."""
        return bool(self.staff_paths)

    @property
    def is_network_staff(self) -> bool:
        """Staff of the whole network (administrators included), not of one territory."""
        return WHOLE_NETWORK in self.staff_paths

    @property
    def is_member(self) -> bool:
        """Works for an organisation whose membership is in good standing."""
        return bool(self.member_organisation_ids)

    @property
    def is_funder(self) -> bool:
        return bool(self.funder_paths)

    @property
    def sees_member_content(self) -> bool:
        return self.is_member or self.is_staff

    def is_staff_for(self, territory: Territory | None) -> bool:
        """Staff over ``territory`` (``None``: the whole network)."""
        path = territory.path if territory is not None else WHOLE_NETWORK
        return any(path.startswith(staff_path) for staff_path in self.staff_paths)

    def can_manage_organisation(self, organisation: Organisation) -> bool:
        return organisation.pk in self.head_of_ids or self.is_staff_for(organisation.territory)

    # Building blocks for ``visible_to`` QuerySet methods.

    def territory_q(self, field: str) -> Q:
        """Content scoped to a territory ``field``: visible to members of that territory or
        under it, and to staff over it."""
        ancestors = {
            ancestor
            for path in self.member_territory_paths | self.staff_paths
            for ancestor in _ancestor_paths(path)
        }
        paths = Q(path__in=ancestors) if ancestors else Q(pk__in=[])
        for path in self.staff_paths:
            paths |= Q(path__startswith=path)
        if not ancestors:
            return Q(pk__in=[])
        return _territory_in(field, paths)

    def staff_territory_q(self, field: str) -> Q:
        """Objects whose territory ``field`` lies where the person is staff."""
        if WHOLE_NETWORK in self.staff_paths:
            # Everything. Not Q(): an empty Q vanishes when OR-ed with another,
            # and "theirs or everything" would become "theirs".
            return ~Q(pk__in=[])
        if not self.staff_paths:
            return Q(pk__in=[])
        paths = Q(pk__in=[])
        for path in self.staff_paths:
            paths |= Q(path__startswith=path)
        return _territory_in(field, paths)


def _territory_in(field: str, paths: Q) -> Q:
    """``field`` (a foreign key to a territory) is one of the territories ``paths`` selects.
    A subquery on the small territory table rather than a join: the filtered table is
    read alone, by an index that covers the filter when it has one (five times faster
    on 20,000 articles than joining every row to its territory)."""
    from cordee.network.models import Territory

    return Q(**{f"{field}__in": Territory.objects.filter(paths).values("pk")})


def _ancestor_paths(path: str) -> list[str]:
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: index + 1]) + "/" for index in range(len(parts))]


def get_access(request: HttpRequest) -> Access:
    access = getattr(request, "access", None)
    if access is None:
        access = Access.for_user(request.user)
        request.access = access  # type: ignore[attr-defined]
    return access


class AccessMiddleware:
    """Puts a lazily resolved :class:`Access` on ``request.access``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.access = SimpleLazyObject(lambda: Access.for_user(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)
