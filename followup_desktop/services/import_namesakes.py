"""A new contact that an import made beside one of the same name: pointed out, never merged.

A name alone never merges two records (two John Smiths are two people). But a LinkedIn
connection comes with neither an e-mail nor a phone, so beside the Google contact of the
same name nothing tells them apart, and most often they are one person. The report says
so at the record's line, with the contact's id, and leaves the choice to the rep.

Pointed out: the same name (folded), one of the two with neither an e-mail nor a phone
(otherwise those tell the two apart), and no two different companies. The contact met
is one made before the new one (already in FollowUp, or earlier in the file), so each
pair is said once, at the later record.
"""

from __future__ import annotations

from collections.abc import Sequence

from followup_desktop.core.text_search import fold
from followup_desktop.exchange.records import ImportedContact, Oddity
from followup_desktop.store.contact_import import ImportWriter
from followup_desktop.store.contacts_repo import Namesake

KIND = "possibly the same person"
# Namesakes named in one message; the rest are counted.
NAMED = 3


def _keyless(record: ImportedContact) -> bool:
    return not record.emails and not record.phones


def _companies_agree(one: str, other: str) -> bool:
    return not one or not other or fold(one) == fold(other)


def _who(namesakes: Sequence[Namesake]) -> str:
    named = [f"{n.name} (id {n.contact_id})" for n in namesakes[:NAMED]]
    if len(namesakes) > NAMED:
        named.append(f"{len(namesakes) - NAMED} more of that name")
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"


class NamesakeCheck:
    """One file's import: the new contacts it makes, checked chunk by chunk."""

    def __init__(self, writer: ImportWriter, store_was_empty: bool) -> None:
        self._writer = writer
        # A record with an e-mail or phone can only be the namesake of a contact with
        # neither: such records are looked up only when one of those has their name. The
        # names are read once and kept as the import makes more (a book of 100,000 with
        # one name-only contact would otherwise look up every name of the file, holding
        # the store while other writes wait).
        self._keyless_names = set() if store_was_empty else writer.keyless_names()

    def oddities(self, made: Sequence[tuple[int, ImportedContact]]) -> list[Oddity]:
        """What to say about the contacts just made (their ids and records)."""
        named = [(contact_id, record, fold(record.name)) for contact_id, record in made]
        self._keyless_names.update(name for _id, record, name in named if _keyless(record))
        asked = [
            (contact_id, record, name)
            for contact_id, record, name in named
            if record.named and (_keyless(record) or name in self._keyless_names)
        ]
        if not asked:
            return []
        by_name: dict[str, list[Namesake]] = {}
        for namesake in self._writer.namesakes({name for _id, _record, name in asked}):
            by_name.setdefault(namesake.sort_name, []).append(namesake)
        found: list[Oddity] = []
        for contact_id, record, name in asked:
            alike = [
                n
                for n in by_name.get(name, ())
                if n.contact_id < contact_id
                and (n.keyless or _keyless(record))
                and _companies_agree(n.company, record.company)
            ]
            if alike:
                found.append(
                    Oddity(
                        record.source,
                        record.line,
                        f"{KIND} as {_who(alike)}: kept apart, as only the name matches",
                        KIND,
                    )
                )
        return found
