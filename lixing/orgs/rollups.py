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
    if day is None:
        return [ALL]
    if isinstance(day, datetime.datetime):
        day = day.date()
    iso_year, iso_week, _ = day.isocalendar()
    return [
        ALL,
        f"{day.year}",
        f"{day.year}Q{(day.month - 1) // 3 + 1}",
        f"{day.year}-{day.month:02d}",
        f"{iso_year}W{iso_week:02d}",
    ]


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
        for bucket in buckets_for(b.day):
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


# --- Rebuild from the records --------------------------------------------------------------

# A source yields (org_id, key, day_or_None, count) rows, aggregated as far as it can in SQL.
RollupSource = Callable[[], Iterable[tuple[int, str, datetime.date | None, int]]]
_SOURCES: dict[str, RollupSource] = {}


def register_rollup_source(name: str, source: RollupSource) -> None:
    _SOURCES[name] = source


def rollup_sources() -> dict[str, RollupSource]:
    return dict(_SOURCES)


def rollup_rebuild(*, sources: Iterable[str] | None = None) -> int:
    """Recompute every counter from the records. Returns the number of rows written.

    Set-based: own counts are summed in Python from the sources' aggregated rows, and the
    subtree totals are built in SQL one tree level at a time (an equality join on the
    path prefix, no LIKE scans).

    With ``sources``, only those sources' counters are rebuilt: a source's counter keys
    (and its distinct keys) start with its name and a dot ("study.…"), and the rows of
    every other source are left as they are.
    """
    names = list(sources) if sources is not None else list(_SOURCES)
    partial = sources is not None
    for name in names:
        if name not in _SOURCES:
            raise ValueError(f"unknown roll-up source {name!r}")
    key_filter = Q()
    for name in names:
        key_filter |= Q(key__startswith=f"{name}.")
    with transaction.atomic():
        own: dict[tuple[int, str, str], int] = defaultdict(int)
        for name in names:
            for org_id, key, day, count in _SOURCES[name]():
                for bucket in buckets_for(day):
                    own[(org_id, key, bucket)] += count
        if _DISTINCT:
            for (org_id, key, bucket), value in list(own.items()):
                if key in _DISTINCT and value > 0:
                    own[(org_id, _DISTINCT[key], bucket)] += 1
        if partial:
            stray = sorted({k for (_o, k, _b) in own if not any(k.startswith(f"{n}.") for n in names)})
            if stray:
                raise ValueError(f"counter keys must start with their source's name: {stray[:5]}")
            Rollup.objects.filter(key_filter).delete()
        else:
            Rollup.objects.all().delete()
        Rollup.objects.bulk_create(
            (Rollup(org_id=o, key=k, bucket=b, own=v, total=0) for (o, k, b), v in own.items() if v),
            batch_size=5000,
        )
        sql_filter, sql_params = "", []
        if partial:
            sql_filter = " AND (" + " OR ".join(["r.key LIKE %s"] * len(names)) + ")"
            sql_params = [f"{n}.%" for n in names]
        max_depth = Organization.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
        with connection.cursor() as cursor:
            # sql_filter adds only "r.key LIKE %s" placeholders; the values go as parameters.
            statement = (
                "INSERT INTO orgs_rollup (org_id, key, bucket, own, total) "  # noqa: S608
                "SELECT a.id, r.key, r.bucket, 0, SUM(r.own) FROM orgs_rollup r "
                "JOIN orgs_organization d ON d.id = r.org_id "
                "JOIN orgs_organization a ON a.path = SUBSTR(d.path, 1, %s) "
                f"WHERE d.depth >= %s AND r.own <> 0{sql_filter} "
                "GROUP BY a.id, r.key, r.bucket "
                "ON CONFLICT (org_id, key, bucket) DO UPDATE SET total = orgs_rollup.total + excluded.total"
            )
            for level in range(1, max_depth + 1):
                cursor.execute(statement, [level * STEP, level, *sql_params])
        return Rollup.objects.count()


def read_totals(org_ids: Sequence[int], keys: Sequence[str], buckets: Sequence[str]) -> dict[tuple[int, str, str], int]:
    """Subtree totals for the given orgs × keys × buckets, in one query (absent → 0)."""
    rows = Rollup.objects.filter(org_id__in=org_ids, key__in=keys, bucket__in=buckets).values_list(
        "org_id", "key", "bucket", "total"
    )
    return {(o, k, b): v for o, k, b, v in rows}
