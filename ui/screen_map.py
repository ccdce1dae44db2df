"""The main window's screens, built on first use (DESIGN §7: start-up under 1.5 s at a million items).

A mapping of key → Screen that knows every screen the user may open but constructs one only when it
is first asked for (``screens[key]``, ``screens.get(key)``): building all of them eagerly made the
start-up pay for each screen's widgets and first queries. ``key in screens`` tells whether the screen
is available; ``values()`` and ``items()`` give the screens built so far (the ones to refresh)."""

from __future__ import annotations

from typing import Callable


class LazyScreens(dict):
    def __init__(self) -> None:
        super().__init__()
        self.factories: dict[str, Callable[[], object]] = {}

    def add(self, key: str, factory: Callable[[], object]) -> None:
        self.factories[key] = factory

    def __missing__(self, key: str):
        factory = self.factories[key]  # KeyError for a screen the user may not open
        screen = self[key] = factory()
        return screen

    def get(self, key, default=None):
        return self[key] if key in self.factories else default

    def __contains__(self, key) -> bool:
        return key in self.factories

    def built(self, key: str) -> bool:
        return dict.__contains__(self, key)

    def clear(self) -> None:
        super().clear()
        self.factories.clear()
