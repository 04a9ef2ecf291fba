from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def actor(request: HttpRequest) -> dict[str, Any]:
    """Lazily expose the signed-in user's home organisation and roles to templates."""
    from lixing.orgs.access import Cap, can, home_org, scopes

    user = getattr(request, "user", None)

    class _Nav:
        @property
        def home(self) -> Any:
            if not hasattr(self, "_home"):
                self._home = home_org(user) if user is not None else None
            return self._home

        @property
        def roles(self) -> list[str]:
            return sorted({s.role for s in scopes(user)})

        @property
        def can_audit(self) -> bool:
            home = self.home
            return home is not None and can(user, home, Cap.AUDIT)

        @property
        def items(self) -> list[dict[str, Any]]:
            from django.urls import NoReverseMatch, reverse

            from lixing.common.nav import nav_items

            out = []
            for item in nav_items(user):
                try:
                    out.append({"key": item.key, "label": item.label, "url": reverse(item.url_name)})
                except NoReverseMatch:
                    continue
            return out

        @property
        def can_structure(self) -> bool:
            home = self.home
            return home is not None and can(user, home, Cap.STRUCTURE)

    return {"nav": _Nav()}
