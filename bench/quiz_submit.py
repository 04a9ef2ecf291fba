"""Answer submissions under load, beside a bare hello-world view, both served by gunicorn.

    .venv/bin/python bench/quiz_submit.py [--members 200] [--seconds 20] [--workers 4]
                                          [--connections 32] [--db sqlite|postgres]

1. Builds a fresh database under var/bench/ (SQLite by default; ``--db postgres`` uses
   ``QUIZ_BENCH_PG_URL``, default postgresql://lixing:lixing@127.0.0.1:5432/lixing_bench_quiz):
   a district with ``--members`` members, each with a user account and a signed-in session
   (a session row exactly as ``login`` writes it), a 20-question paper open now, and one
   attempt started per member through ``attempt_start`` (the service the start page calls).
2. Serves the project with gunicorn (``--workers`` sync workers) on 127.0.0.1 and drives it
   with wrk for ``--seconds`` each:
   * hello: ``GET /quizzes/bench/hello/`` — a bare JSON view through the project's own
     middleware, unauthenticated (enabled only by LIXING_BENCH_HELLO=1);
   * submits: ``POST /quizzes/a/<token>/answer/`` as the phone page sends it: the signed
     attempt token is the credential, no cookie (the page fetches with credentials "omit"),
     so no session lookup is on the hot path; one UPDATE per answer. The Lua script rotates
     over every (member, question) pair;
   * submits with cookies: the same, each request also carrying its member's session
     cookie (what a browser would send by default) — reported beside, for the cost of the
     session lookup the middleware then makes.
3. Checks the database afterwards: every (attempt, question) pair sent holds exactly the
   value sent for it (``lost`` counts pairs sent but missing or wrong; ``doubled`` counts
   pairs with more than one row).

Only loopback traffic; bounded in time. Last line:
``RESULT submits_per_s=… hello_per_s=… ratio=… errors=… lost=… doubled=… …``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
QUESTIONS = 20

LUA = r"""
-- Rotate over (token, position, value[, cookie]) rows; thread t sends rows t, t+T, t+2T …
local rows = {}
counter = 0  -- global, so done() can read it through thread:get
local threads_total = tonumber(os.getenv("QB_THREADS"))
local use_cookie = os.getenv("QB_COOKIES") == "1"
for line in io.lines(os.getenv("QB_ROWS")) do
  local token, pos, value, cookie = line:match("([^ ]+) ([^ ]+) ([^ ]+) ([^ ]+)")
  rows[#rows + 1] = {"/quizzes/a/" .. token .. "/answer/", "pos=" .. pos .. "&value=" .. value, cookie}
end
-- thread_index is a global set by setup() in each thread's own Lua state.
local tcount = 0
local all_threads = {}
function setup(thread)
  thread:set("thread_index", tcount)
  tcount = tcount + 1
  table.insert(all_threads, thread)
end
function request()
  local i = (counter * threads_total + thread_index) % #rows + 1
  counter = counter + 1
  local row = rows[i]
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  if use_cookie then headers["Cookie"] = "sessionid=" .. row[3] end
  return wrk.format("POST", row[1], headers, row[2])
end
function done(summary, latency, requests)
  local least = nil
  for _, t in ipairs(all_threads) do
    local c = t:get("counter")
    if least == nil or c < least then least = c end
  end
  io.write("QB_MIN_COUNTER=" .. tostring(least) .. "\n")
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(args: argparse.Namespace, env: dict[str, str], rows_path: Path) -> int:
    """Build the database in this process (Django set up against it). Returns the row count."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import datetime
    import itertools

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from lixing.accounts.models import Role, RoleAssignment, User
    from lixing.common.testing import make_mobile, unique_id_number
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import OrgKind
    from lixing.orgs.services import member_create, org_create
    from lixing.quizzes import services
    from lixing.quizzes.demo import ensure_bank
    from lixing.quizzes.models import Question

    call_command("migrate", verbosity=0, interactive=False)
    root = org_create(actor=SYSTEM, parent=None, name="基准测试区党工委", kind=OrgKind.WORKING_COMMITTEE)
    branches = [org_create(actor=SYSTEM, parent=root, name=f"第{i}支部", kind=OrgKind.BRANCH) for i in range(10)]
    bank, _ = ensure_bank(actor=SYSTEM, org=root)
    qids = list(Question.objects.filter(bank=bank, kind="single").order_by("code").values_list("id", flat=True))
    now = timezone.now()
    paper = services.paper_create(
        actor=SYSTEM, org=root, bank=bank, title="基准测试卷", fixed_questions=qids[:QUESTIONS],
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1),
        time_limit_minutes=240,
    )  # fmt: skip
    seq = itertools.count(1)
    lines = []
    for i in range(args.members):
        n = next(seq)
        number, birth, gender = unique_id_number(n + 500_000)
        member = member_create(actor=SYSTEM, org=branches[i % len(branches)], name=f"党员{n}", gender=gender,
                               id_number=number, birth_date=birth, joined_at=datetime.date(2005, 7, 1),
                               confirmed_at=datetime.date(2006, 7, 1), phone=make_mobile(n))  # fmt: skip
        user = User(username=f"bench{n}", display_name=member.name)
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.create(user=user, role=Role.MEMBER, org=member.org)
        member.user = user
        member.save(update_fields=["user"])
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["_lixing_last_seen"] = int(time.time())
        session.create()
        user.member = member
        attempt = services.attempt_start(actor=user, paper=paper)
        token = services.attempt_token(attempt)
        for pos in range(1, QUESTIONS + 1):
            lines.append(f"{token} {pos} {(attempt.pk + pos) % 3} {session.session_key}")
    rows_path.write_text("\n".join(lines) + "\n")
    return len(lines)


def run_wrk(url: str, args: argparse.Namespace, extra_env: dict[str, str], script: Path | None) -> dict[str, Any]:
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "10s"]
    if script is not None:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, env={**os.environ, **extra_env},
                         check=True).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    sock = sum(int(x) for x in m.groups()) if (m := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)) else 0  # fmt: skip
    least = int(m.group(1)) if (m := re.search(r"QB_MIN_COUNTER=(\d+)", out)) else 0
    return {"rps": rps, "requests": total, "errors": non2xx + sock, "raw": out, "min_counter": least}


def check_db(rows_path: Path, sent_pairs: int, skip: int) -> tuple[int, int]:
    """(lost, doubled) over the first ``sent_pairs`` rows of the rotation (those sent).

    The first ``skip`` rows (one per wrk thread) are left out: wrk calls ``request()`` once
    before the run to see whether the request is static and throws that one away, so the
    very first row of the rotation may never go out."""
    from django.db import connection
    from django.db.models import Count

    from lixing.quizzes.models import AttemptItem
    from lixing.quizzes.services import token_read

    connection.close()
    expected: dict[tuple[int, int], int] = {}
    for line in rows_path.read_text().splitlines()[skip:sent_pairs]:
        token, pos, value, _cookie = line.split()
        expected[(token_read(token)[0], int(pos))] = int(value)
    stored = {(a, p): r for a, p, r in AttemptItem.objects.values_list("attempt_id", "position", "response")}
    missing = [(key, value, stored.get(key)) for key, value in expected.items() if stored.get(key) != [value]]
    if missing:
        print(f"lost pairs (attempt, position) → expected, stored: {missing[:10]}", file=sys.stderr)
    lost = len(missing)
    doubled = AttemptItem.objects.values("attempt_id", "position").annotate(n=Count("id")).filter(n__gt=1).count()
    return lost, doubled


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not come up at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--skip-cookies", action="store_true", help="skip the with-cookies run")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.common import need_tool

    need_tool("wrk", "wrk")  # before building anything: install it, or say how in one line
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if args.db == "sqlite":
        path = BENCH_DIR / "quiz_submit.sqlite3"
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        db_url = f"sqlite:///{path}"
    else:
        db_url = os.environ.get("QUIZ_BENCH_PG_URL", "postgresql://lixing:lixing@127.0.0.1:5432/lixing_bench_quiz")
        _recreate_pg(db_url)
    env = {"DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "config.settings", "LIXING_BENCH_HELLO": "1",
           "LIXING_DEBUG": "0", "LIXING_LOG_LEVEL": "ERROR"}  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="quiz_bench_"))
    rows_path, script = work / "rows.txt", work / "submit.lua"
    script.write_text(LUA)
    started = time.monotonic()
    n_rows = prepare(args, env, rows_path)
    print(f"prepared {args.members} members × {QUESTIONS} questions in {time.monotonic() - started:.0f}s",
          file=sys.stderr)  # fmt: skip

    # A deployment on SQLite runs the django-tasks worker beside gunicorn, and its open
    # connection keeps the WAL file in place; without any open connection every request's
    # close (CONN_MAX_AGE is 0 on SQLite) checkpoints and deletes the WAL. Hold one open, as
    # the worker would, for both the hello and the submit runs.
    keeper = _keeper(db_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi:application", "-w", str(args.workers), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning", "--backlog", "2048"],
        cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
    )  # fmt: skip
    try:
        wait_up(f"{base}/quizzes/bench/hello/")
        run_wrk(f"{base}/quizzes/bench/hello/", argparse.Namespace(**{**vars(args), "seconds": 2}), {}, None)
        hello = run_wrk(f"{base}/quizzes/bench/hello/", args, {}, None)
        lua_env = {"QB_ROWS": str(rows_path), "QB_THREADS": str(args.threads)}
        submits = run_wrk(base, args, {**lua_env, "QB_COOKIES": "0"}, script)
        cookies = None if args.skip_cookies else run_wrk(base, args, {**lua_env, "QB_COOKIES": "1"}, script)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if keeper is not None:
            keeper.close()
    # Pairs certainly sent and answered: each thread got at least min_counter requests out,
    # less those possibly still in flight when wrk stopped (one per connection).
    in_flight = -(-args.connections // args.threads)
    sent = max(0, min(n_rows, (submits["min_counter"] - in_flight) * args.threads))
    lost, doubled = check_db(rows_path, sent, args.threads)
    shutil.rmtree(work, ignore_errors=True)
    ratio = submits["rps"] / hello["rps"] if hello["rps"] else 0.0
    print(json.dumps({"hello": hello["raw"], "submits": submits["raw"], "cookies": cookies and cookies["raw"]},
                     indent=1), file=sys.stderr)  # fmt: skip
    extra = ""
    if cookies is not None:
        extra = (f" submits_with_cookies_per_s={cookies['rps']:.0f}"
                 f" ratio_with_cookies={cookies['rps'] / hello['rps']:.2f} cookie_errors={cookies['errors']}")  # fmt: skip
    print(
        f"RESULT submits_per_s={submits['rps']:.0f} hello_per_s={hello['rps']:.0f} ratio={ratio:.2f} "
        f"errors={submits['errors'] + hello['errors']} lost={lost} doubled={doubled} db={args.db} "
        f"workers={args.workers} seconds={args.seconds} pairs_checked={sent}{extra}"
    )


def _keeper(db_url: str) -> Any:
    if not db_url.startswith("sqlite:///"):
        return None
    import sqlite3

    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    conn.execute("SELECT count(*) FROM quizzes_attempt").fetchall()
    return conn


def _recreate_pg(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
