"""Main-menu entries the apps add (portal imports no app): a label, a URL name and who sees it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[object], bool]  # user -> bool
    args: Callable[[object], tuple] | None = None  # user -> URL arguments, for a page of the user's own


ITEMS: list[NavItem] = []


def register(item: NavItem) -> NavItem:
    if item not in ITEMS:
        ITEMS.append(item)
    return item


def mark_current(nav: list[dict], path: str) -> None:
    """Exactly one current item: the one whose URL is the longest prefix of the path."""
    matches = [
        item for item in nav if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))
    ]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in nav:
        item["current"] = item is current
