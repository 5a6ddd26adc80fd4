"""The properties of a vCard that FollowUp has no field for, kept as notes lines.

The vCard side of csv_extras: an address, a website, a birthday, a nickname, a fax
number, a chat name, a property of a program's own (``X-…``) is kept with its contact
as a readable "Label: value" line in the notes ("Address (home): 12 Rue Neuve, Lyon",
"Birthday: 1980-04-02"). Left out is what only describes the card or the program that
wrote it (PRODID, REV, UID, a photo's data, a key), and what another line already says
(N beside FN, an address's printed LABEL beside the address itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from followup_desktop.exchange.csv_extras import value_of
from followup_desktop.exchange.records import KeptColumns

# Properties that fill a field, read by vcard_import itself.
FIELDS = frozenset({"FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "NOTE", "TZ", "UID", "REV"})
# What says nothing a rep would read: about the card, the program, a picture or a key
# (binary data), a map position, or another line of the card again.
NOISE = frozenset(
    {
        *("VERSION", "PRODID", "REV", "UID", "SOURCE", "NAME", "PROFILE", "KIND", "XML"),
        *("CLIENTPIDMAP", "MEMBER", "CLASS", "MAILER", "SORT-STRING", "AGENT", "GEO"),
        *("PHOTO", "LOGO", "SOUND", "KEY", "FBURL", "CALURI", "CALADRURI"),
        *("X-CLASS", "X-ABUID", "X-ABSHOWAS", "X-ABADR", "X-ABCROP-RECTANGLE"),
        *("X-MS-OL-DESIGN", "X-MS-OL-DEFAULT-POSTAL-ADDRESS", "X-MS-CARDPICTURE"),
        *("X-MOZILLA-HTML", "X-EVOLUTION-FILE-AS", "X-EVOLUTION-LIST", "X-IRMC-LUID"),
        *("X-RADICALE-NAME", "X-ADDRESSBOOKSERVER-KIND", "X-ADDRESSBOOKSERVER-MEMBER"),
        *("X-ANDROID-CUSTOM", "X-WAB-GENDER"),
    }
)
LABELS = {
    "ADR": "Address",
    "LABEL": "Address",
    "URL": "Website",
    "X-EVOLUTION-BLOG-URL": "Blog",
    "BDAY": "Birthday",
    "ANNIVERSARY": "Anniversary",
    "X-ANNIVERSARY": "Anniversary",
    "X-MS-ANNIVERSARY": "Anniversary",
    "X-EVOLUTION-ANNIVERSARY": "Anniversary",
    "X-ABDATE": "Date",
    "NICKNAME": "Nickname",
    "ROLE": "Role",
    "GENDER": "Gender",
    "X-GENDER": "Gender",
    "LANG": "Language",
    "CATEGORIES": "Categories",
    "IMPP": "Chat",
    "X-MS-IMADDRESS": "Chat",
    "X-AIM": "AIM",
    "X-ICQ": "ICQ",
    "X-JABBER": "Jabber",
    "X-MSN": "MSN",
    "X-YAHOO": "Yahoo",
    "X-SKYPE": "Skype",
    "X-SKYPE-USERNAME": "Skype",
    "X-GTALK": "Google Talk",
    "X-GOOGLE-TALK": "Google Talk",
    "X-QQ": "QQ",
    "X-SOCIALPROFILE": "Social profile",
    "RELATED": "Related",
    "X-ABRELATEDNAMES": "Related",
    "X-MS-MANAGER": "Manager",
    "X-MANAGER": "Manager",
    "X-EVOLUTION-MANAGER": "Manager",
    "X-MS-ASSISTANT": "Assistant",
    "X-ASSISTANT": "Assistant",
    "X-EVOLUTION-ASSISTANT": "Assistant",
    "X-MS-SPOUSE": "Spouse",
    "X-SPOUSE": "Spouse",
    "X-EVOLUTION-SPOUSE": "Spouse",
    "X-MAIDENNAME": "Maiden name",
    "X-PHONETIC-FIRST-NAME": "Phonetic first name",
    "X-PHONETIC-MIDDLE-NAME": "Phonetic middle name",
    "X-PHONETIC-LAST-NAME": "Phonetic last name",
    "EXPERTISE": "Expertise",
    "HOBBY": "Hobby",
    "INTEREST": "Interest",
    "ORG-DIRECTORY": "Company directory",
    # A second ORG or TITLE (the first fills the field), and the units after a company.
    "ORG": "Company",
    "TITLE": "Title",
}
_DATES = frozenset(
    {"BDAY", "ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"}
    | {"X-ABDATE"}
)
# Types that say nothing to a rep about which one it is ("pref" is an order, "internet"
# is every e-mail, "voice" every phone).
_PLAIN_TYPES = frozenset({"pref", "internet", "voice", "x400", "intl", "dom", "postal", "parcel"})
# What a program writes where the contact has no value (Android puts everyone in it).
_NOTHING_IN = {"CATEGORIES": frozenset({"my contacts", "mycontacts"})}
_NUMBER_KINDS = {"fax": "Fax", "pager": "Pager", "modem": "Modem", "bbs": "BBS"}
_NONE: frozenset[str] = frozenset()
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_WORD_START = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?")  # a time is not the day's
_NO_YEAR = re.compile(r"--(\d{2})-?(\d{2})")


def is_kept(name: str) -> bool:
    """Whether the parser keeps a property no field takes (its name in upper case)."""
    return name not in NOISE and (name in LABELS or name.startswith("X-"))


@dataclass(frozen=True, slots=True)
class Written:
    """One property as a card has it: its name in upper case, its group ("item1"), the
    parameters saying which one it is (TYPE, X-SERVICE-TYPE), and its value unescaped,
    in its components when it has several (an address)."""

    name: str
    group: str
    types: tuple[str, ...]
    parts: tuple[str, ...]


def _readable_label(label: str) -> str:
    """Apple's "_$!<HomePage>!$_" as "home page", Google's "GRAND_CENTRAL" as "grand
    central"; a label the rep typed as typed."""
    if match := _APPLE_LABEL.fullmatch(label.strip()):
        return _WORD_START.sub(" ", match.group(1)).lower()
    if label.isupper():
        return label.replace("_", " ").lower()
    return label.strip()


def _readable_date(text: str) -> str:
    """ "19800402" as "1980-04-02", "--0203" (no year) as "February 3"; else as written."""
    try:
        if match := _DATE.fullmatch(text):
            return date(*map(int, match.groups())).isoformat()
        if match := _NO_YEAR.fullmatch(text):
            day = date(2000, int(match.group(1)), int(match.group(2)))
            return f"{day:%B} {day.day}"
    except ValueError:
        pass  # no such day: as written
    return text


def _value(prop: Written) -> str:
    nothing = _NOTHING_IN.get(prop.name, _NONE)
    if prop.name in ("ADR", "ORG"):
        # PO box, extended, street, city, region, postal code, country: read in that order.
        parts = (value_of(part, _NONE).strip(" ,") for part in prop.parts if part)
        return ", ".join(part for part in parts if part)
    text = value_of(" ".join(prop.parts), nothing)
    return _readable_date(text) if prop.name in _DATES else text


def kept_lines(props: Sequence[Written], not_voice: frozenset[str]) -> list[tuple[str, str]]:
    """Each property's "Label (which): value" line, with its label: ``props`` are a
    card's properties no field took; a TEL among them is a number no one calls (a fax,
    a pager: one of ``not_voice`` in its types)."""
    group_labels = {
        prop.group: label
        for prop in props
        if prop.name == "X-ABLABEL" and prop.group and (label := _readable_label(prop.parts[0]))
    }
    has_address = any(prop.name == "ADR" for prop in props)
    company = ""
    found: dict[str, str] = {}
    for prop in props:
        if prop.name == "X-ABLABEL" or (prop.name == "LABEL" and has_address):
            continue  # a label said beside what it labels; a printed address said twice
        if prop.name == "ORG" and not company:
            # The company fills its field; its units ("IBM;Accounting") are kept here.
            company = prop.parts[0].strip().casefold() or " "
            if unit := ", ".join(t for part in prop.parts[1:] if (t := value_of(part, _NONE))):
                found.setdefault(f"Department: {unit}", "Department")
            continue
        if prop.name == "ORG" and prop.parts[0].strip().casefold() == company:
            continue
        if not (value := _value(prop)):
            continue
        types = [kind.lower() for kind in prop.types if kind.lower() not in _PLAIN_TYPES]
        if prop.name == "TEL":
            kinds = [kind for kind in types if kind.upper() in not_voice]
            label = _NUMBER_KINDS.get(kinds[0], "Phone") if kinds else "Phone"
            types = [kind for kind in types if kind.upper() not in not_voice]
        else:
            label = LABELS.get(prop.name, prop.name)
        which = group_labels.get(prop.group) or ", ".join(dict.fromkeys(types))
        if prop.name == "X-ABDATE" and which == "anniversary":
            label, which = "Anniversary", ""  # Apple's way of writing one
        found.setdefault(f"{label} ({which}): {value}" if which else f"{label}: {value}", label)
    return [(label, line) for line, label in found.items()]


class KeptLabels:
    """The labels one file's cards kept lines under, said once for the file at the line
    of the first card that kept one (as a CSV's kept columns are, at its header)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._labels: list[str] = []
        self._index: dict[str, int] = {}
        self._kept: KeptColumns | None = None

    def of(self, labels: Sequence[str], line: int) -> tuple[KeptColumns, list[int]]:
        """The file's KeptColumns, and the indexes of ``labels`` in it."""
        if self._kept is None:
            self._kept = KeptColumns(self.source, line, self._labels)
        indexes: list[int] = []
        for label in labels:
            if (index := self._index.get(label)) is None:
                index = self._index[label] = len(self._labels)
                self._labels.append(label)
            indexes.append(index)
        return self._kept, indexes
