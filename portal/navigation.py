"""Main-menu entries the apps add (portal imports no app): a label, a URL name and who sees it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[object], bool]  # user -> bool


ITEMS: list[NavItem] = []


def register(item: NavItem) -> NavItem:
    if item not in ITEMS:
        ITEMS.append(item)
    return item
