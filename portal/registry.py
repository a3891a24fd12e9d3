"""The registries every app plugs into: audit verbs, notification categories and events, dashboard
sections, and the signals portal sends about its own data. A leaf module: it imports no models, so
apps register from AppConfig.ready() (through their events.py) without import cycles, and portal
imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.dispatch import Signal

# -- audit verbs: "app.thing_done" -> label shown in the audit log ------------------------------
VERBS: dict[str, object] = {}


def register_verb(verb: str, label) -> None:
    """Let an app add an audit verb (a lazy translated label)."""
    VERBS[verb] = label


def verb_label(verb: str) -> str:
    return str(VERBS.get(verb, verb))


# -- notifications ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Category:
    key: str
    label: str
    always_immediate: bool = False  # safety-relevant: mailed at once whatever the preference


@dataclass(frozen=True)
class Event:
    key: str
    category: str
    # Never tell someone about what they may not see: (user, target) -> bool.
    may_receive: Callable[[object, object], bool]
    url: Callable[[object], str] = lambda target: ""

    @property
    def template_stem(self) -> str:
        return "emails/" + self.key.replace(".", "_")


CATEGORIES: dict[str, Category] = {}
EVENTS: dict[str, Event] = {}


def register_category(category: Category) -> Category:
    CATEGORIES[category.key] = category
    return category


def register_event(event: Event) -> Event:
    if event.category not in CATEGORIES:
        raise ValueError(f"unknown notification category {event.category!r}")
    EVENTS[event.key] = event
    return event


# -- dashboard: "what awaits me" ------------------------------------------------------------------
# A provider takes the request and returns sections:
#   {"title", "items": [{"label", "url", "meta", "since"}], "empty", "more_url"(optional)}
# where "since" (a datetime) is when the item started waiting; the dashboard shows its age.
DashboardProvider = Callable[[object], list[dict]]
DASHBOARD_PROVIDERS: list[DashboardProvider] = []


def register_dashboard(provider: DashboardProvider) -> DashboardProvider:
    """Add a dashboard provider (usable as a decorator)."""
    if provider not in DASHBOARD_PROVIDERS:
        DASHBOARD_PROVIDERS.append(provider)
    return provider


# -- signals: what the spine's data did, for apps that derive something from it -------------------
# Sent by portal.services.apply_population_import once the import has committed (never for a
# rolled-back one), with the keyword arguments
#   population_import  the applied PopulationImport (sender is the PopulationImport class),
#   organisation_ids   frozenset of Organisation pks whose latest population (the figure every
#                      computation uses) changed: a new body, a new figure, or a corrected one;
#                      an import of an older reference date, or of the same figures, changes none,
#   by                 the User who applied it.
# It may come again for the same import (a retried task, a replayed delivery): receivers must be
# idempotent. Receivers connect from their app's events.py.
population_applied = Signal()
