"""Texts kept as a message and its parameters, rendered in the reader's language when shown.

An event line, a bell line or a mail subject written as a finished sentence stays in the language of the
moment it was written. Kept as `keyed(gettext_noop("Kontak %(party)s berakhir %(day)s"), party=term(role),
day=day_of(date))` instead, it is translated when a page shows it: the message through the catalogue, a
`term` (a word of the catalogue, such as "PIHAK KESATU") likewise, a `day_of` in the reader's date format,
a `terms` list likewise, joined with commas, and every other parameter as written (names, numbers). A
message with a plural (`keyed_plural`) takes its form from the count. A row from before, or a message the
catalogue no longer has, shows its stored sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

from portal.lib.text_id import format_date


def term(msgid: str) -> dict[str, str]:
    """A parameter that is itself a word of the catalogue, translated when shown."""
    return {"term": str(msgid)}


def terms(msgids: list[str]) -> dict[str, list[str]]:
    """Several words of the catalogue, shown translated and joined with commas ('nama, tanggal lahir')."""
    return {"terms": [str(m) for m in msgids]}


def day_of(value: date | None) -> dict[str, str] | str:
    """A date parameter, shown in the reader's format ('9 Oktober 2023', 'October 9, 2023')."""
    return {"date": value.isoformat()} if value else ""


def counted(singular: str, plural: str, n: int) -> dict[str, Any]:
    """A count with its noun ('3 tenggat', '3 deadlines'), in the plural form of the reader's language; the
    pair must be a plural entry of the catalogue (its `%(n)s` is the count)."""
    return {"plural": [str(singular), str(plural)], "n": n}


def texts(written: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """A parameter already written in each language ({"id": ..., "en": ...}), shown in the reader's."""
    return {"texts": dict(written)}


def as_written(written: Mapping[str, Any]) -> Keyed:
    """A whole text that is only a `texts` parameter (a deadline's action written in each language)."""
    return Keyed("%(text)s", {"text": written})


def day_text(value: date) -> str:
    """A date in the active language's format ('9 Oktober 2023', 'October 9, 2023')."""
    return _param(day_of(value))


def _param(value: Any) -> Any:
    if isinstance(value, dict):
        if "term" in value:
            return gettext(value["term"])
        if "terms" in value:
            return ", ".join(gettext(m) for m in value["terms"])
        if "plural" in value:
            singular, plural = value["plural"]
            return ngettext(singular, plural, int(value["n"])) % {"n": value["n"]}
        if "texts" in value:
            written = value["texts"]
            language = translation.get_language() or ""
            return (
                written.get(language)
                or written.get(language.split("-")[0])
                or next(iter(written.values()), "")
            )
        if "date" in value:
            day = date.fromisoformat(value["date"])
            if (translation.get_language() or "id").startswith("en"):
                return formats.date_format(day, "j F Y")
            return format_date(day)
    return value


@dataclass(frozen=True)
class Keyed:
    """A message of the catalogue (its Indonesian source) with its parameters, not yet translated."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # A message with a plural: its plural source and the parameter that counts.
    plural: str = ""
    count: str = ""

    def as_json(self) -> dict[str, Any]:
        stored = {"msgid": self.msgid, "params": dict(self.params)}
        if self.plural:
            stored.update(plural=self.plural, count=self.count)
        return stored

    def render(self) -> str:
        """In the active language."""
        return render(self.as_json(), self.msgid)

    def render_in(self, language: str) -> str:
        with translation.override(language):
            return self.render()

    def __str__(self) -> str:
        return self.render()


def keyed(msgid: str, **params: Any) -> Keyed:
    """keyed(gettext_noop("... %(name)s ..."), name=...): mark the message with gettext_noop so that
    makemessages finds it."""
    return Keyed(str(msgid), params)


def keyed_plural(singular: str, plural: str, count: str, **params: Any) -> Keyed:
    """keyed_plural(gettext_noop("%(n)s berkas"), gettext_noop("%(n)s berkas"), "n", n=3): the form follows
    the parameter `count` in the reader's language (the catalogue entry has its plural)."""
    return Keyed(str(singular), params, plural=str(plural), count=count)


def render(stored: Mapping[str, Any] | None, fallback: str) -> str:
    """The stored message in the active language, or the fallback sentence when there is none or it breaks."""
    if not stored or "msgid" not in stored:
        return fallback
    params = {key: _param(value) for key, value in (stored.get("params") or {}).items()}
    try:
        if stored.get("plural"):
            return ngettext(stored["msgid"], stored["plural"], int(params[stored["count"]])) % params
        return gettext(stored["msgid"]) % params
    except (KeyError, ValueError, TypeError):
        return fallback


def split(text: str | Keyed) -> tuple[str, dict[str, Any]]:
    """(the sentence in Indonesian, the stored message) of a text a caller passed in either form."""
    if isinstance(text, Keyed):
        return text.render_in("id"), text.as_json()
    return str(text), {}
