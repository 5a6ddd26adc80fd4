"""The app's one writer thread, as the faces see it: ``ui.tasks`` runs every write inside
``on_the_writer`` (the store's guard then knows where a write comes from)."""

from __future__ import annotations

from followup_desktop.store.write_guard import on_the_writer

__all__ = ["on_the_writer"]
