"""Roll-up counters: subtree figures in one row read, kept true by every write.

A line of work calls :func:`rollup_bump` in the transaction that creates (or deletes) a
record: the record's organisation gets ``own += delta`` and it and every ancestor get
``total += delta``, for each calendar bucket the record's date falls in. A subtree move
shifts the moved node's totals from the old ancestors to the new ones
(:func:`rollup_move`). :func:`rollup_rebuild` recomputes everything from the records,
through the sources the lines of work register; a property test checks that the
incremental counters always equal a rebuild.

Distinct counts ("branches that held at least one themed party day") are kept by naming a
``distinct_key``: when an organisation's ``own`` count for a bucket goes from 0 to
positive, ``distinct_key`` is bumped by one for it and its ancestors (and back down on the
way to 0).
"""

from __future__ import annotations

import datetime
import functools
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from .models import Organization, Rollup

ALL = "all"
STEP = Organization.steplen


def buckets_for(day: datetime.date | None) -> list[str]:
    """Every calendar bucket ``day`` falls in, "all" first. ``None`` → only "all" (stocks)."""
    return list(_buckets(day))


@functools.lru_cache(maxsize=4096)
def _buckets(day: datetime.date | None) -> tuple[str, ...]:
    # Cached: a rebuild asks for the same few hundred days millions of times, and the
    # shared strings keep its counters small in memory.
    if day is None:
        return (ALL,)
    if isinstance(day, datetime.datetime):
        day = day.date()
    iso_year, iso_week, _ = day.isocalendar()
    return (
        ALL,
        f"{day.year}",
        f"{day.year}Q{(day.month - 1) // 3 + 1}",
        f"{day.year}-{day.month:02d}",
        f"{iso_year}W{iso_week:02d}",
    )


# --- Stocks as at a day ------------------------------------------------------------------------
#
# A *dated stock* (units registered, teams, …) is bumped on the day its record begins (and
# taken away on the same day when the record goes), like a flow, and also gets a *day*
# bucket ("2021-04-14"). What existed at the end of a period is then the sum of the flows up
# to that day: whole years before it, whole months of its year before it, and its month's
# days up to it (:func:`as_at_buckets`) — at most ~120 rows, whatever the subtree.

_DATED_STOCKS: set[str] = set()
FIRST_YEAR = 1949  # no record of the platform begins earlier


def register_dated_stock(*keys: str) -> None:
    """Declare counters that are stocks read "as at the end of the period" (see above)."""
    _DATED_STOCKS.update(keys)


def is_dated_stock(key: str) -> bool:
    return key in _DATED_STOCKS


def key_buckets(key: str, day: datetime.date | None) -> tuple[str, ...]:
    """The buckets a bump of ``key`` on ``day`` adds to (a dated stock's day bucket too)."""
    if day is not None and key in _DATED_STOCKS:
        return _dated_buckets(day)
    return _buckets(day)


@functools.lru_cache(maxsize=4096)
def _dated_buckets(day: datetime.date) -> tuple[str, ...]:
    if isinstance(day, datetime.datetime):
        day = day.date()
    return (*_buckets(day), day.isoformat())


@functools.lru_cache(maxsize=512)
def as_at_buckets(end: datetime.date) -> tuple[str, ...]:
    """Buckets that together hold every flow dated up to ``end`` (inclusive), each once."""
    out = [str(y) for y in range(FIRST_YEAR, end.year)]
    if (end.month, end.day) == (12, 31):
        return (*out, str(end.year))
    out += [f"{end.year}-{m:02d}" for m in range(1, end.month)]
    if (end + datetime.timedelta(days=1)).day == 1:
        return (*out, f"{end.year}-{end.month:02d}")
    return (*out, *(datetime.date(end.year, end.month, d).isoformat() for d in range(1, end.day + 1)))


def ancestor_paths(path: str) -> list[str]:
    return [path[: i * STEP] for i in range(1, len(path) // STEP + 1)]


_UPSERT = (
    "INSERT INTO orgs_rollup (org_id, key, bucket, own, total) VALUES {values} "
    "ON CONFLICT (org_id, key, bucket) DO UPDATE SET "
    "own = orgs_rollup.own + excluded.own, total = orgs_rollup.total + excluded.total"
)


def _upsert(rows: Sequence[tuple[int, str, str, int, int]]) -> None:
    """Add (own, total) deltas to rows, creating them as needed. One statement per 500 rows.

    Rows for the same (org, key, bucket) are merged first: PostgreSQL refuses to touch a
    row twice in one INSERT … ON CONFLICT.
    """
    merged: dict[tuple[int, str, str], list[int]] = {}
    for org_id, key, bucket, own, total in rows:
        acc = merged.setdefault((org_id, key, bucket), [0, 0])
        acc[0] += own
        acc[1] += total
    rows = [(o, k, b, v[0], v[1]) for (o, k, b), v in merged.items() if v[0] or v[1]]
    if not rows:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            values = ",".join(["(%s,%s,%s,%s,%s)"] * len(chunk))
            params = [v for row in chunk for v in row]
            cursor.execute(_UPSERT.format(values=values), params)


@dataclass(frozen=True)
class Bump:
    org_id: int
    org_path: str
    key: str
    day: datetime.date | None
    delta: int = 1


_DISTINCT: dict[str, str] = {}


def register_distinct(key: str, distinct_key: str) -> None:
    """Declare that ``distinct_key`` counts organisations whose own ``key`` is positive."""
    _DISTINCT[key] = distinct_key


def rollup_bump(org: Organization, key: str, *, day: datetime.date | None = None, delta: int = 1) -> None:
    """Count ``delta`` records of ``key`` at ``org`` on ``day`` (None: a stock, bucket "all")."""
    rollup_bump_many([Bump(org.pk, org.path, key, day, delta)])


def rollup_bump_many(bumps: Iterable[Bump]) -> None:
    """Apply many bumps at once: a handful of queries whatever their number."""
    bumps = [b for b in bumps if b.delta]
    if not bumps:
        return
    if not connection.in_atomic_block:
        raise RuntimeError("rollup_bump must run inside the transaction that writes the records")
    paths = {p for b in bumps for p in ancestor_paths(b.org_path)}
    ids_by_path = dict(Organization.objects.filter(path__in=paths).values_list("path", "id"))
    own: dict[tuple[int, str, str], int] = defaultdict(int)
    total: dict[tuple[int, str, str], int] = defaultdict(int)
    for b in bumps:
        for bucket in key_buckets(b.key, b.day):
            own[(b.org_id, b.key, bucket)] += b.delta
            for p in ancestor_paths(b.org_path):
                total[(ids_by_path[p], b.key, bucket)] += b.delta
    distinct_changes = _distinct_transitions(own) if _DISTINCT else {}
    rows = [(o, k, bk, d, total.pop((o, k, bk), 0)) for (o, k, bk), d in own.items()]
    rows += [(o, k, bk, 0, d) for (o, k, bk), d in total.items()]
    for (org_id, dkey, bucket), delta in distinct_changes.items():
        path = next(b.org_path for b in bumps if b.org_id == org_id)
        rows.append((org_id, dkey, bucket, delta, 0))
        rows += [(ids_by_path[p], dkey, bucket, 0, delta) for p in ancestor_paths(path)]
    _upsert(rows)


def _distinct_transitions(own: dict[tuple[int, str, str], int]) -> dict[tuple[int, str, str], int]:
    """For distinct-tracked keys: +1/-1 where an org's own count crosses zero."""
    tracked = [(o, k, bk, d) for (o, k, bk), d in own.items() if k in _DISTINCT and d]
    if not tracked:
        return {}
    org_ids = {o for o, *_ in tracked}
    keys = {k for _, k, *_ in tracked}
    current = {
        (o, k, bk): v
        for o, k, bk, v in Rollup.objects.filter(org_id__in=org_ids, key__in=keys).values_list(
            "org_id", "key", "bucket", "own"
        )
    }
    changes: dict[tuple[int, str, str], int] = defaultdict(int)
    for o, k, bk, d in tracked:
        before = current.get((o, k, bk), 0)
        after = before + d
        if before <= 0 < after:
            changes[(o, _DISTINCT[k], bk)] += 1
        elif after <= 0 < before:
            changes[(o, _DISTINCT[k], bk)] -= 1
    return {k: v for k, v in changes.items() if v}


def rollup_move(org: Organization, *, old_path: str, new_parent_path: str) -> None:
    """Shift ``org``'s subtree totals from its old ancestors to its new ones.

    Called by the move service inside its transaction, before or after the path update
    (it takes the old path explicitly). Two statements.
    """
    old_ancestors = [p for p in ancestor_paths(old_path) if p != old_path]
    new_ancestors = ancestor_paths(new_parent_path) if new_parent_path else []
    ids_by_path = dict(Organization.objects.filter(path__in=[*old_ancestors, *new_ancestors]).values_list("path", "id"))
    totals = list(Rollup.objects.filter(org=org).exclude(total=0).values_list("key", "bucket", "total"))
    rows: list[tuple[int, str, str, int, int]] = []
    for key, bucket, value in totals:
        rows += [(ids_by_path[p], key, bucket, 0, -value) for p in old_ancestors]
        rows += [(ids_by_path[p], key, bucket, 0, value) for p in new_ancestors]
    _upsert(rows)


# --- Members who move ---------------------------------------------------------------------

# A handler is told that a member moved from one organisation to another, inside the
# transfer's transaction. It moves whatever it keeps per member (its records' organisation,
# its per-member tallies) and returns the bumps that shift its counters from the old
# organisation to the new one. The tree calls every handler; it knows none of them.
MemberMovedHandler = Callable[[int, Organization, Organization], Iterable[Bump]]
_MEMBER_MOVED: dict[str, MemberMovedHandler] = {}


def register_member_moved(name: str, handler: MemberMovedHandler) -> None:
    """Declare what a line of work does when a member is transferred (once per app)."""
    _MEMBER_MOVED[name] = handler


def rollup_member_moved(*, member_id: int, from_org: Organization, to_org: Organization) -> None:
    """Move every line of work's per-member counters with the member, in the caller's
    transaction (the transfer service): figures follow at once, no rebuild needed."""
    bumps: list[Bump] = []
    for handler in _MEMBER_MOVED.values():
        bumps += handler(member_id, from_org, to_org)
    rollup_bump_many(bumps)


# A handler is told, before a member is deleted (their records of every line of work go with
# them, by cascade), to take the member's contributions off its counters (and to fix any
# count it keeps on other records, e.g. a session's attendance); it returns the bumps.
MemberRemovedHandler = Callable[[int, Organization], Iterable[Bump]]
_MEMBER_REMOVED: dict[str, MemberRemovedHandler] = {}


def register_member_removed(name: str, handler: MemberRemovedHandler) -> None:
    """Declare what a line of work takes off its counters when a member is deleted."""
    _MEMBER_REMOVED[name] = handler


def rollup_member_removed(*, member_id: int, org: Organization) -> None:
    """Take a member about to be deleted off every line of work's counters (same transaction)."""
    bumps: list[Bump] = []
    for handler in _MEMBER_REMOVED.values():
        bumps += handler(member_id, org)
    rollup_bump_many(bumps)


def removed_bumps(rows: Iterable[tuple[int, str, str, datetime.date | None, int]]) -> list[Bump]:
    """(org id, org path, key, day, count) rows a member contributed, taken away."""
    return [Bump(org_id, path, key, day, -count) for org_id, path, key, day, count in rows if count]


def moved_bumps(rows: Iterable[tuple[int, str, str, datetime.date | None, int]], to_org: Organization) -> list[Bump]:
    """(org id, org path, key, day, count) rows a member contributed where they were
    counted, shifted to ``to_org``."""
    out: list[Bump] = []
    for org_id, path, key, day, count in rows:
        if count and org_id != to_org.pk:
            out.append(Bump(org_id, path, key, day, -count))
            out.append(Bump(to_org.pk, to_org.path, key, day, count))
    return out


# --- Rebuild from the records --------------------------------------------------------------

# A source yields (org_id, key, day_or_None, count) rows, aggregated as far as it can in SQL.
RollupSource = Callable[[], Iterable[tuple[int, str, datetime.date | None, int]]]
_SOURCES: dict[str, RollupSource] = {}
# The same rows computed without writing anything (a source that rewrites side tables on
# the way, as study's per-member tallies, gives one); ``verify_rollups`` reads these.
_EXPECTED: dict[str, RollupSource] = {}


def register_rollup_source(name: str, source: RollupSource, *, expected: RollupSource | None = None) -> None:
    """Register a rebuild source. ``expected``: a read-only twin of ``source`` when ``source``
    writes (default: ``source`` itself, which must then only read)."""
    _SOURCES[name] = source
    _EXPECTED[name] = expected or source


def rollup_sources() -> dict[str, RollupSource]:
    return dict(_SOURCES)


def rollup_rebuild(*, sources: Iterable[str] | None = None, flush_every: int = 500_000) -> int:
    """Recompute every counter from the records. Returns the number of rows written.

    Memory-bounded and set-based: the sources' rows are summed into own counts in Python
    and flushed to the table every ``flush_every`` distinct counters (an upsert that adds,
    so a counter split across flushes sums up); distinct counts are then derived in SQL
    from the rows whose own count is positive; and subtree totals are summed bottom-up,
    one tree level at a time, each row read once (a level's totals are added to its
    parents' through the parent link).

    With ``sources``, only those sources' counters are rebuilt: a source's counter keys
    (and its distinct keys) start with its name and a dot ("study.…"), and the rows of
    every other source are left as they are.
    """
    names = list(sources) if sources is not None else list(_SOURCES)
    partial = sources is not None
    for name in names:
        if name not in _SOURCES:
            raise ValueError(f"unknown roll-up source {name!r}")
    prefixes = tuple(f"{name}." for name in names)
    sql_filter, sql_params = "", []
    if partial:
        sql_filter = " AND (" + " OR ".join(["r.key LIKE %s"] * len(names)) + ")"
        sql_params = [f"{n}.%" for n in names]
    with transaction.atomic():
        if partial:
            key_filter = Q()
            for prefix in prefixes:
                key_filter |= Q(key__startswith=prefix)
            Rollup.objects.filter(key_filter).delete()
        else:
            Rollup.objects.all().delete()
        own: dict[tuple[int, str, str], int] = defaultdict(int)
        for name in names:
            for org_id, key, day, count in _SOURCES[name]():
                if not count:
                    continue
                key = sys.intern(key)
                for bucket in key_buckets(key, day):
                    own[(org_id, key, bucket)] += count
                if len(own) >= flush_every:
                    _flush_own(own, prefixes if partial else ())
                    own.clear()
        _flush_own(own, prefixes if partial else ())
        own.clear()
        with connection.cursor() as cursor:
            for key, distinct_key in _DISTINCT.items():
                if partial and not key.startswith(prefixes):
                    continue
                if partial and not distinct_key.startswith(prefixes):
                    raise ValueError(f"counter keys must start with their source's name: {distinct_key}")
                cursor.execute(_DISTINCT_FROM_OWN, [distinct_key, key])
            max_depth = Organization.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
            # sql_filter adds only "r.key LIKE %s" placeholders; the values go as parameters.
            statement = (
                "INSERT INTO orgs_rollup (org_id, key, bucket, own, total) "  # noqa: S608
                # CROSS JOIN: SQLite walks the level's organisations and reads their rows by
                # the (org, key, bucket) index; PostgreSQL plans it as an ordinary join.
                "SELECT d.parent_id, r.key, r.bucket, 0, SUM(r.total) FROM orgs_organization d "
                "CROSS JOIN orgs_rollup r "
                f"WHERE r.org_id = d.id AND d.depth = %s AND r.total <> 0{sql_filter} "
                "GROUP BY d.parent_id, r.key, r.bucket "
                "ON CONFLICT (org_id, key, bucket) DO UPDATE SET total = orgs_rollup.total + excluded.total"
            )
            for level in range(max_depth, 1, -1):
                cursor.execute(statement, [level, *sql_params])
        return Rollup.objects.count()


_FLUSH = _UPSERT.format(values="(%s, %s, %s, %s, %s)")  # one row, for executemany

# Every organisation whose own count of a distinct-tracked key is positive counts one.
_DISTINCT_FROM_OWN = (
    "INSERT INTO orgs_rollup (org_id, key, bucket, own, total) "
    "SELECT r.org_id, %s, r.bucket, 1, 1 FROM orgs_rollup r WHERE r.key = %s AND r.own > 0 "
    "ON CONFLICT (org_id, key, bucket) DO UPDATE SET "
    "own = orgs_rollup.own + excluded.own, total = orgs_rollup.total + excluded.total"
)


def _flush_own(own: dict[tuple[int, str, str], int], prefixes: tuple[str, ...]) -> None:
    """Add a batch of rebuilt own counts (total starts equal to own; the tree pass adds the rest)."""
    if prefixes:
        stray = sorted({k for (_o, k, _b) in own if not k.startswith(prefixes)})
        if stray:
            raise ValueError(f"counter keys must start with their source's name: {stray[:5]}")
    rows = [(o, k, b, v, v) for (o, k, b), v in own.items() if v]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50_000):
            cursor.executemany(_FLUSH, rows[start : start + 50_000])


def read_own(org_ids: Sequence[int], keys: Sequence[str], buckets: Sequence[str]) -> dict[tuple[int, str, str], int]:
    """Own counts (the organisation's own records, 本级) for orgs × keys × buckets, one query."""
    rows = Rollup.objects.filter(org_id__in=org_ids, key__in=keys, bucket__in=buckets).values_list(
        "org_id", "key", "bucket", "own"
    )
    return {(o, k, b): v for o, k, b, v in rows}


def read_totals(org_ids: Sequence[int], keys: Sequence[str], buckets: Sequence[str]) -> dict[tuple[int, str, str], int]:
    """Subtree totals for the given orgs × keys × buckets, in one query (absent → 0)."""
    rows = Rollup.objects.filter(org_id__in=org_ids, key__in=keys, bucket__in=buckets).values_list(
        "org_id", "key", "bucket", "total"
    )
    return {(o, k, b): v for o, k, b, v in rows}


# --- Verification -----------------------------------------------------------------------------

Counters = dict[tuple[int, str, str], tuple[int, int]]


@dataclass(frozen=True)
class Difference:
    org_id: int
    key: str
    bucket: str
    live: tuple[int, int]  # (own, total)
    expected: tuple[int, int]


def rollup_expected(*, roots: Sequence[Organization] | None = None) -> Counters:
    """What a rebuild would write, computed in memory and writing nothing: every counter
    (own, total), or only those of the organisations in the subtrees of ``roots``.

    The sources' rows are read in full (they aggregate in SQL) but only the rows inside the
    sampled subtrees are kept, so a sample of subtrees costs memory in their size only.
    """
    paths = dict(Organization.objects.values_list("id", "path"))
    prefixes = tuple(r.path for r in roots) if roots is not None else ("",)
    ids_by_path = {p: i for i, p in paths.items()}
    own: dict[tuple[int, str, str], int] = defaultdict(int)
    for name in _SOURCES:
        for org_id, key, day, count in _EXPECTED[name]():
            if not count or not paths[org_id].startswith(prefixes):
                continue
            key = sys.intern(key)
            for bucket in key_buckets(key, day):
                own[(org_id, key, bucket)] += count
    for (org_id, key, bucket), value in list(own.items()):
        distinct_key = _DISTINCT.get(key)
        if distinct_key is not None and value > 0:
            own[(org_id, distinct_key, bucket)] += 1
    total: dict[tuple[int, str, str], int] = defaultdict(int)
    for (org_id, key, bucket), value in own.items():
        for p in ancestor_paths(paths[org_id]):
            if p.startswith(prefixes):
                total[(ids_by_path[p], key, bucket)] += value
    out: Counters = {}
    for k in own.keys() | total.keys():
        pair = (own.get(k, 0), total.get(k, 0))
        if pair != (0, 0):
            out[k] = pair
    return out


def rollup_live(*, roots: Sequence[Organization] | None = None) -> Counters:
    """The counters as they stand (zero rows left out), for the subtrees of ``roots``."""
    rows = Rollup.objects.all()
    if roots is not None:
        q = Q()
        for r in roots:
            q |= Q(org__path__startswith=r.path)
        rows = rows.filter(q)
    return {
        (o, k, b): (own, total)
        for o, k, b, own, total in rows.values_list("org_id", "key", "bucket", "own", "total").iterator(
            chunk_size=20000
        )
        if own or total
    }


def rollup_verify(*, roots: Sequence[Organization] | None = None) -> list[Difference]:
    """Every counter whose live value differs from what a rebuild would write (sorted)."""
    expected = rollup_expected(roots=roots)
    live = rollup_live(roots=roots)
    return [
        Difference(o, k, b, live.get((o, k, b), (0, 0)), expected.get((o, k, b), (0, 0)))
        for (o, k, b) in sorted(expected.keys() | live.keys())
        if live.get((o, k, b), (0, 0)) != expected.get((o, k, b), (0, 0))
    ]
