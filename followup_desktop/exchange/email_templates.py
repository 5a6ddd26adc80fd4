"""The rep's e-mail templates: our defaults shipped in ``resources/email_templates``, and the
rep's edited copies in the data folder, which win.

One template is one text file: a ``Subject:`` line, a blank line, then the body, with
``{first_name}``-style placeholders (``core.placeholders``). A ``NAME.html`` beside it,
when there is one, becomes the HTML alternative of the same e-mail.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.core.durable_files import replace_file

SUFFIX = ".txt"
HTML_SUFFIX = ".html"
EARLIER = "earlier.json"  # our earlier wordings, beside our defaults
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class TemplateProblem(ValueError):
    """A template cannot be used as it is; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    subject: str
    body: str
    html: str | None = None
    edited: bool = False  # the rep's copy, not our default


def check_name(name: str) -> str:
    # Names become file names: letters, digits and hyphens only, so never a path.
    if not _NAME.match(name):
        raise TemplateProblem(f"{name!r} is not a template name (letters, digits, hyphens)")
    return name


def parse(name: str, text: str, html: str | None = None, edited: bool = False) -> Template:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    head, _, body = text.partition("\n")
    if not head.lower().startswith("subject:"):
        raise TemplateProblem(
            f"template {name}: the first line must be 'Subject: …', then a blank line, then the text"
        )
    return Template(name, head[len("subject:") :].strip(), body.lstrip("\n"), html, edited)


def render(template: Template) -> str:
    """The file text of a template (what ``parse`` reads)."""
    return f"Subject: {template.subject}\n\n{template.body}"


class TemplateStore:
    def __init__(self, defaults: Path, edited: Path) -> None:
        self._defaults = defaults
        self._edited = edited

    def names(self) -> tuple[str, ...]:
        found = {p.stem for p in self._defaults.glob(f"*{SUFFIX}")}
        if self._edited.is_dir():
            found |= {p.stem for p in self._edited.glob(f"*{SUFFIX}") if _NAME.match(p.stem)}
        return tuple(sorted(found))

    def load(self, name: str) -> Template:
        check_name(name)
        for folder, edited in ((self._edited, True), (self._defaults, False)):
            path = folder / f"{name}{SUFFIX}"
            if path.is_file():
                html_path = folder / f"{name}{HTML_SUFFIX}"
                html = html_path.read_text(encoding="utf-8") if html_path.is_file() else None
                found = parse(name, path.read_text(encoding="utf-8"), html, edited)
                if edited and html is None and self._is_earlier(found):
                    continue  # a copy of our earlier words, never hers: ours now
                return found
        raise TemplateProblem(
            f"there is no e-mail template {name!r}; choose one of {', '.join(self.names())}"
        )

    def _is_earlier(self, template: Template) -> bool:
        """``template`` reads exactly as one we shipped before (a copy of our folder
        taken then), so it is not the rep's wording."""
        path = self._defaults / EARLIER
        if not path.is_file():
            return False
        wordings = json.loads(path.read_text(encoding="utf-8"))["templates"]
        return any(
            _same_words(template, parse(template.name, text))
            for text in wordings.get(template.name, ())
        )

    def default(self, name: str) -> Template:
        path = self._defaults / f"{check_name(name)}{SUFFIX}"
        if not path.is_file():
            raise TemplateProblem(f"there is no default template {name!r}")
        return parse(name, path.read_text(encoding="utf-8"))

    def save(self, template: Template) -> None:
        """Keep the rep's wording; written whole or not at all."""
        check_name(template.name)
        parse(template.name, render(template))  # what we save must load again
        self._edited.mkdir(parents=True, exist_ok=True)
        target = self._edited / f"{template.name}{SUFFIX}"
        replace_file(target, render(template).encode("utf-8"))

    def reset(self, name: str) -> None:
        """Back to our wording."""
        (self._edited / f"{check_name(name)}{SUFFIX}").unlink(missing_ok=True)


def _same_words(one: Template, other: Template) -> bool:
    # Line endings and trailing blank lines are the editor's, not the rep's words.
    return (one.subject, one.body.rstrip()) == (other.subject, other.body.rstrip())
