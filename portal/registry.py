"""Plug-in points of the ground floor: stores the apps above fill from their `AppConfig.ready()`, read by
the portal's dashboard, calendar, feed, reminders and navigation, which import none of those apps (the idea
of NetBox's `Registry` and Wagtail's hooks).

- `registry.deadlines`: the kinds of deadline (code, label, legal or not, who is reminded), the sources that
  yield them, the loader of the agreements a scope covers, and the change feeds the reminder sweeper follows.
- `registry.dashboard_panels`: cards of counts on the Beranda, each a function of (user, today).
- `registry.nav_items`: the sections of the site in the top navigation.
- `registry.search_providers`: the header's search box, each a function of (user, query, limit) returning
  sections of results the user may see.
- `registry.access_gates`: conditions a higher app sets on a right of the agreement layer (the Pasal 9
  acknowledgement before personal data), each an `AccessGate` of (right, check(principal, agreement_id)).
- `registry.report_sections`: sections an app adds to the semester report (disclosures, incidents), each a
  `ReportSection` that collects its figures for a period and presents them as `portal.lib.report` content.

The stores are filled at start-up, before the first request or job. Registering the same thing again is a
no-op, because Django may set the apps up twice in one process (tests, some management commands); a second,
different registration under a taken code is a configuration error and says so at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from portal.deadlines import AgreementRef, Deadline, DeadlineScope
    from portal.models import User


# --- Who is reminded of a deadline ------------------------------------------------------------------


@dataclass(frozen=True)
class InstitutionRole:
    """The active users holding a role in one institution (the owing party's Pimpinan, its liaisons)."""

    institution_id: int
    role: str


@dataclass(frozen=True)
class PortalUser:
    """One portal user by primary key (the handler of a correction proposal); nobody if inactive."""

    user_id: int


@dataclass(frozen=True)
class Mailbox:
    """An address kept by an app (a Pasal 8 contact); a portal user with that address is that user."""

    email: str
    name: str


Addressee = InstitutionRole | PortalUser | Mailbox

# An audience takes the batch of deadlines about to be reminded (so it can load what it needs in a fixed
# number of queries) and returns who to remind for each of them, in the order they are to be written to.
Audience = Callable[["Sequence[Deadline]", date], Callable[["Deadline"], Iterable[Addressee]]]


# --- Deadlines ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineKind:
    """One kind of deadline as an app declares it.

    `code` is stored in reminder policies, the sent-reminder ledger and users' mutes: it is never renamed.
    A `legal` kind is a legal notice: missing it costs a right under the agreement, so nobody may mute its
    reminders or switch its policy off.
    """

    code: str
    label: Any  # a lazy translation
    legal: bool
    audience: Audience = field(compare=False)

    def __str__(self) -> str:
        return str(self.label)


class Change(NamedTuple):
    """One row of an app's event log that may have moved a clock of an agreement."""

    id: int
    agreement_id: int
    occurred_at: datetime


# A change feed returns up to `limit` changes with an id above `after`, in id order.
ChangeFeed = Callable[[int, int], Sequence[Change]]
Source = Callable[["DeadlineScope"], Iterable["Deadline"]]
# A window names, as a condition on the agreements (a Q or an Exists over their rows), the agreements that
# have a clock of the source's in the scope's day range: read by index, so a scope loads only those.
Window = Callable[["DeadlineScope"], Any]
AgreementLoader = Callable[["DeadlineScope"], Mapping[int, "AgreementRef"]]


class DeadlineRegistry:
    """Kinds, sources, the agreement loader and change feeds, in the order the apps registered them."""

    def __init__(self) -> None:
        self.kinds: dict[str, DeadlineKind] = {}
        self.sources: list[Source] = []
        self.windows: dict[Source, Window] = {}
        self.agreement_loader: AgreementLoader | None = None
        self.change_feeds: dict[str, ChangeFeed] = {}

    def register_kind(self, code: str, label: Any, *, legal: bool, audience: Audience) -> DeadlineKind:
        kind = DeadlineKind(code=code, label=label, legal=legal, audience=audience)
        known = self.kinds.get(code)
        if known is not None and (known != kind or known.audience is not audience):
            raise ImproperlyConfigured(f"Deadline kind {code!r} is registered twice, differently")
        self.kinds.setdefault(code, kind)
        return self.kinds[code]

    def register_source(self, source: Source, *, window: Window | None = None) -> Source:
        """A source of deadlines; with its `window`, a scope reads only the agreements some window names.

        While any source has no window, every scope loads all the agreements it covers (a source without
        one may yield a deadline on any of them).
        """
        if source not in self.sources:
            self.sources.append(source)
        if window is not None:
            self.windows[source] = window
        return source

    def windows_of_all_sources(self) -> list[Window] | None:
        """Every source's window, or None when a source has none."""
        if any(source not in self.windows for source in self.sources):
            return None
        return [self.windows[source] for source in self.sources]

    def register_agreement_loader(self, loader: AgreementLoader) -> None:
        """The one loader of the agreements (numbers, parties, links) that deadlines belong to."""
        if self.agreement_loader not in (None, loader):
            raise ImproperlyConfigured("A second agreement loader was registered for deadlines")
        self.agreement_loader = loader

    def register_change_feed(self, name: str, feed: ChangeFeed) -> None:
        """`name` is the sweeper's cursor row for this feed: it is never renamed."""
        if self.change_feeds.get(name, feed) is not feed:
            raise ImproperlyConfigured(f"Change feed {name!r} is registered twice, differently")
        self.change_feeds[name] = feed

    def kind(self, code: str) -> DeadlineKind:
        try:
            return self.kinds[code]
        except KeyError:
            raise LookupError(f"No app registered the deadline kind {code!r}") from None

    def is_legal(self, code: str) -> bool:
        kind = self.kinds.get(code)
        return bool(kind and kind.legal)

    def __iter__(self) -> Iterator[DeadlineKind]:
        return iter(self.kinds.values())

    def codes(self) -> list[str]:
        return list(self.kinds)


# --- The dashboard and the navigation -----------------------------------------------------------------


@dataclass(frozen=True)
class StatItem:
    code: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class DashboardPanel:
    """A card of counts on the Beranda, each count a link; `empty_text` shows when every count is zero.

    `context` are names the panel adds to the dashboard's template context (its own, by its app's prefix).
    """

    anchor: str
    title: str
    items: Sequence[StatItem]
    empty_text: str
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(item.count for item in self.items)


DashboardPanelSource = Callable[["User", date], DashboardPanel | None]


@dataclass(frozen=True)
class NavItem:
    """A section of the site in the top navigation; `order` places it, `role` limits who sees it."""

    url_name: str
    label: str  # marked with gettext_noop, translated per request
    order: int
    role: str | None = None


@dataclass(frozen=True)
class SearchHit:
    """One line of the search results: what it is (`title`), where it belongs (`context`), its page, and a
    status shown as a badge (`badge` the label, `badge_code` its colour class)."""

    title: str
    url: str
    context: str = ""
    badge: str = ""
    badge_code: str = ""


@dataclass(frozen=True)
class SearchSection:
    """The results of one kind (agreements, letters, proposals); `more` says the list was cut at the limit."""

    code: str
    title: str
    hits: Sequence[SearchHit]
    more: bool = False


# A provider reads through its app's own selectors, scoped to the user, in a fixed number of queries, and
# returns at most `limit` hits per section; it never searches personal data (NIP, names).
SearchProvider = Callable[["User", str, int], Iterable[SearchSection]]


@dataclass(frozen=True)
class AgreementLink:
    """A page of a higher app about one agreement, shown on the agreement's page (its "Pertukaran Data" tab).

    `url_name` takes the agreement's id as `kwarg`, or, with `kwarg` empty, as the query parameter `query`.
    With `tab` set, the page is a tab of its own in the agreement page's tab bar (the Lampiran).
    """

    url_name: str
    label: str  # marked with gettext_noop, translated per request
    description: str  # the same
    order: int
    kwarg: str = ""
    query: str = ""
    tab: bool = False

    def url_for(self, agreement_id: int) -> str:
        from django.urls import reverse

        if self.kwarg:
            return reverse(self.url_name, kwargs={self.kwarg: agreement_id})
        url = reverse(self.url_name)
        return f"{url}?{self.query}={agreement_id}" if self.query else url


@dataclass(frozen=True)
class AccessGate:
    """A condition on one right: `check(principal, agreement_id)` says whether the principal may use it yet.

    The agreement layer grants a right from role and team; every gate registered for that right must also
    say yes. `right` is the right's value (for example "view_personal_data").
    """

    right: str
    check: Callable[[Any, int], bool]


@dataclass(frozen=True)
class ReportSection:
    """A section of the semester report contributed by an app: `collect(agreement_id, start, end)` returns
    JSON-safe figures of the period (kept with the report), `present(figures)` the section to print
    (a `portal.lib.report.Section`); `order` places it among the report's own sections."""

    code: str
    order: int
    collect: Callable[[int, date, date], dict]
    present: Callable[[dict], Any]


@dataclass(frozen=True)
class AnnexTable:
    """One table of an agreement's Lampiran as the signed text prints it: a heading, then rows, the first
    of them the column names; `widths` are fractions of the line."""

    heading: str
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class AgreementAnnex:
    """A part of an agreement's Lampiran that a higher app keeps: `tables(agreement)` returns AnnexTables."""

    name: str
    tables: Callable[[Any], list[AnnexTable]]


class Hooks:
    """An ordered list of things the apps registered, each once."""

    def __init__(self) -> None:
        self.items: list = []

    def register(self, item):
        if item not in self.items:
            self.items.append(item)
        return item

    def __iter__(self) -> Iterator:
        return iter(self.items)


class Registry:
    """Every store of the ground floor, fixed at start-up."""

    def __init__(self) -> None:
        self.deadlines = DeadlineRegistry()
        self.dashboard_panels = Hooks()
        self.nav_items = Hooks()
        self.search_providers = Hooks()
        self.agreement_links = Hooks()
        self.access_gates = Hooks()
        self.report_sections = Hooks()
        self.agreement_annexes = Hooks()


registry = Registry()


def deadline_kind_choices() -> list[tuple[str, str]]:
    """The choices of the models' deadline-kind fields, read when used, so a new kind needs no migration."""
    return [(kind.code, kind.label) for kind in registry.deadlines]


def mutable_kind_choices() -> list[tuple[str, str]]:
    """The kinds a user may mute: every kind that is not a legal notice."""
    return [(kind.code, kind.label) for kind in registry.deadlines if not kind.legal]
