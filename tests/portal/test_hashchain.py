from datetime import UTC, date, datetime

from portal.lib.hashchain import GENESIS, canonical, first_broken, link


def chain(payloads, start=GENESIS):
    rows, previous = [], start
    for payload in payloads:
        digest = link(previous, payload)
        rows.append((previous, payload, digest))
        previous = digest
    return rows


def test_the_hash_does_not_depend_on_key_order():
    assert link(GENESIS, {"a": 1, "b": "x"}) == link(GENESIS, {"b": "x", "a": 1})


def test_the_hash_depends_on_the_previous_hash_and_the_payload():
    base = link(GENESIS, {"a": 1})
    assert link("1" * 64, {"a": 1}) != base
    assert link(GENESIS, {"a": 2}) != base
    assert len(base) == 64 and int(base, 16) >= 0


def test_dates_have_a_canonical_form():
    moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert canonical({"on": date(2025, 1, 2), "at": moment}) == (
        b'{"at":"2025-01-02T03:04:05+00:00","on":"2025-01-02"}'
    )


def test_an_intact_chain_has_no_broken_row():
    assert first_broken(chain([{"n": i} for i in range(5)]), start=GENESIS) is None
    assert first_broken([]) is None


def test_it_finds_a_changed_payload():
    rows = chain([{"n": i} for i in range(5)])
    previous, _payload, digest = rows[2]
    rows[2] = (previous, {"n": 99}, digest)
    assert first_broken(rows) == 2


def test_it_finds_a_removed_row():
    rows = chain([{"n": i} for i in range(5)])
    del rows[3]
    assert first_broken(rows) == 3


def test_it_finds_a_removed_first_row_only_when_told_where_the_chain_starts():
    rows = chain([{"n": i} for i in range(3)])[1:]
    assert first_broken(rows) is None
    assert first_broken(rows, start=GENESIS) == 0


def test_it_finds_a_rehashed_row_whose_successor_no_longer_links():
    rows = chain([{"n": i} for i in range(4)])
    previous, _payload, _digest = rows[1]
    rows[1] = (previous, {"n": 7}, link(previous, {"n": 7}))
    assert first_broken(rows) == 2
