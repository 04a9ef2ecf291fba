"""Load on the production deployment (`make prod-up`): a mixed population through nginx, then a
check that every acknowledged write is in the database exactly once — and the same again while
one gunicorn server and one task worker are killed with SIGKILL and restarted.

    sudo make prod-up                                  # first: the deployment (deploy/prod-up.sh)
    .venv/bin/python bench/load.py [--users 60] [--seconds 60] [--no-kill-run]

The population (bench/load_locustfile.py): members answering a competition paper and signing
in to a study session by QR code, secretaries recording sessions and tickets, the office
opening the dashboard, wall screen and briefings, residents filing problems on the public form.
Fixtures (members with signed-in sessions, an open paper, a study session and its QR code) are
made through the services against the deployment's database before each run.

Only loopback traffic (https://127.0.0.1:8443), bounded in time. Last line:
``RESULT rps=… p50_ms=… p95_ms=… p99_ms=… errors=… lost=… doubled=… kill_rps=… kill_errors=… kill_lost=… kill_doubled=…``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUN = Path(os.environ.get("LIXING_PROD_RUN", ROOT / "var" / "prod"))
OUT = ROOT / "var" / "bench" / "load"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
QUESTIONS = 10


def prod_env() -> dict[str, str]:
    env_file = RUN / "env"
    if not env_file.exists():
        raise SystemExit(f"bench/load.py: no deployment (no {env_file}): run `sudo make prod-up` first")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    for line in env_file.read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    return env


def healthy(host: str) -> bool:
    import ssl

    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(f"{host}/healthz", context=ctx, timeout=5) as r:
            return bool(r.status == 200)
    except (urllib.error.URLError, OSError):
        return False


# --- Fixtures and checks run inside the deployment's environment (Django set up) ------------------


def prepare(out: Path, users: int, host: str) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    import datetime

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.utils import timezone

    from lixing.accounts.models import Role, RoleAssignment, User
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import Member, Organization, OrgKind
    from lixing.quizzes import services as quiz
    from lixing.quizzes.demo import ensure_bank
    from lixing.quizzes.models import Question
    from lixing.study import services as study
    from lixing.study.models import SessionKind

    run = time.strftime("%H%M%S")

    def session_for(user: User) -> str:
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s["_lixing_last_seen"] = int(time.time())
        s.create()
        return str(s.session_key)

    def user_for(member: Member, role: str, name: str) -> User:
        user = member.user
        if user is None:
            user, _ = User.objects.get_or_create(username=name, defaults={"display_name": member.name})
            user.set_unusable_password()
            user.save()
            member.user = user
            member.save(update_fields=["user"])
        RoleAssignment.objects.get_or_create(user=user, role=role, org=member.org)
        return user

    root = Organization.get_root_nodes().first()
    assert root is not None, "the deployment has no organisations: prod-up loads the demo (LIXING_PROD_DEMO=1)"
    branches = list(Organization.objects.filter(kind=OrgKind.BRANCH, path__startswith=root.path).order_by("path")[:40])
    members = list(Member.objects.filter(org__in=branches).select_related("org", "user").order_by("pk")[: users * 2])
    member_rows = [{"member": m.pk, "session": session_for(user_for(m, Role.MEMBER, f"load_m{m.pk}"))} for m in members]
    secretaries = []
    for branch in branches[:10]:
        sec = Member.objects.filter(org=branch).select_related("org", "user").order_by("pk").first()
        if sec is not None:
            secretaries.append(
                {"org": branch.pk, "session": session_for(user_for(sec, Role.SECRETARY, f"load_s{sec.pk}"))}
            )
    office = User.objects.get(username="admin")
    bank, _ = ensure_bank(actor=SYSTEM, org=root)
    qids = list(Question.objects.filter(bank=bank, kind="single").order_by("code").values_list("id", flat=True))
    now = timezone.now()
    paper = quiz.paper_create(
        actor=SYSTEM, org=root, bank=bank, title=f"压力测试卷 {run}", fixed_questions=qids[:QUESTIONS],
        opens_at=now - datetime.timedelta(minutes=5), closes_at=now + datetime.timedelta(hours=2),
        time_limit_minutes=120,
    )  # fmt: skip
    kind = SessionKind.objects.filter(is_active=True).order_by("pk").first()
    session = study.session_create(
        actor=SYSTEM, unit=root, kinds=[kind], date=datetime.date.today(), topic=f"压力测试 {run} 集中学习", place="党群服务中心", open_to_all=True,
    )  # fmt: skip
    out.write_text(json.dumps({
        "run": run, "host": host, "members": member_rows[:users], "spare_members": member_rows[users:] or member_rows,
        "secretaries": secretaries, "office": {"session": session_for(office)}, "paper": paper.pk,
        "questions": QUESTIONS, "session": session.pk, "code": study.signin_code(session),
    }, ensure_ascii=False))  # fmt: skip


def verify(fixtures_path: Path, acks_path: Path, out: Path) -> None:
    """lost: acknowledged writes not in the database; doubled: writes stored more than once."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db.models import Count

    from lixing.deeds.models import Ticket
    from lixing.quizzes.models import Attempt, AttemptItem
    from lixing.quizzes.services import token_read
    from lixing.study.models import Attendance, StudySession

    fixtures = json.loads(fixtures_path.read_text())
    acks = [json.loads(line) for line in acks_path.read_text().splitlines() if line.strip()]
    lost = doubled = 0
    answers = {}
    for a in (a for a in acks if a["kind"] == "answer"):
        answers[(token_read(a["token"])[0], a["pos"])] = a["value"]
    stored = {
        (att, pos): resp
        for att, pos, resp in AttemptItem.objects.filter(attempt__paper_id=fixtures["paper"]).values_list(
            "attempt_id", "position", "response"
        )
    }
    lost += sum(1 for key, value in answers.items() if stored.get(key) not in ([value], [str(value)]))
    handed = {a["member"] for a in acks if a["kind"] == "hand_in"}
    per_member = dict(
        Attempt.objects.filter(paper_id=fixtures["paper"], finished_at__isnull=False)
        .values_list("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )
    lost += sum(1 for m in handed if not per_member.get(m))
    signed = {a["member"] for a in acks if a["kind"] == "sign_in"}
    rows = dict(
        Attendance.objects.filter(session_id=fixtures["session"])
        .values_list("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )
    lost += sum(1 for m in signed if not rows.get(m))
    doubled += sum(n - 1 for n in rows.values() if n > 1)
    for kind, model, field in (
        ("study_session", StudySession, "topic"),
        ("ticket", Ticket, "title"),
        ("public_ticket", Ticket, "title"),
    ):
        titles = [a[field if kind != "study_session" else "topic"] for a in acks if a["kind"] == kind]
        counts = dict(
            model.objects.filter(**{f"{field}__in": titles})
            .values_list(field)
            .annotate(n=Count("id"))
            .values_list(field, "n")
        )
        lost += sum(1 for t in titles if not counts.get(t))
        doubled += sum(n - 1 for n in counts.values() if n > 1)
    out.write_text(json.dumps({"lost": lost, "doubled": doubled, "acks": len(acks)}))


# --- The run -------------------------------------------------------------------------------------


def pid_of(name: str) -> int | None:
    path = RUN / "run" / f"{name}.pid"
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def kill_and_restart(after: float, log: list[str]) -> None:
    time.sleep(after)
    for name in ("gunicorn-8101", "worker-1"):
        pid = pid_of(name)
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
                log.append(f"killed {name} ({pid})")
            except ProcessLookupError:
                log.append(f"{name} was not running")
    time.sleep(5)
    done = subprocess.run(
        ["bash", str(ROOT / "deploy" / "prod-up.sh"), "--processes"], capture_output=True, text=True, check=False
    )
    log.append(f"restarted (prod-up --processes: exit {done.returncode})")


def one_run(label: str, args: argparse.Namespace, env: dict[str, str], kill: bool) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    fixtures, acks, verdict = OUT / f"{label}-fixtures.json", OUT / f"{label}-acks.jsonl", OUT / f"{label}-verdict.json"
    acks.write_text("")
    subprocess.run([PYTHON, __file__, "--prepare", str(fixtures), "--users", str(args.users), "--host", args.host],
                   env=env, check=True)  # fmt: skip
    log: list[str] = []
    killer = threading.Thread(target=kill_and_restart, args=(args.seconds / 3, log)) if kill else None
    cmd = [
        str(ROOT / ".venv" / "bin" / "locust"), "-f", str(ROOT / "bench" / "load_locustfile.py"), "--headless",
        "-u", str(args.users), "-r", str(max(1, args.users // 5)), "-t", f"{args.seconds}s", "--stop-timeout", "10",
        "--csv", str(OUT / label), "--only-summary", "--loglevel", "ERROR",
    ]  # fmt: skip
    if killer:
        killer.start()
    subprocess.run(cmd, env={**os.environ, "LOAD_FIXTURES": str(fixtures), "LOAD_ACKS": str(acks)}, check=False,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    if killer:
        killer.join()
    time.sleep(2)  # let the replica and in-flight requests settle before counting
    subprocess.run([PYTHON, __file__, "--verify", str(fixtures), str(acks), str(verdict)], env=env, check=True)
    with (OUT / f"{label}_stats.csv").open() as f:
        total = next(row for row in csv.DictReader(f) if row["Name"] == "Aggregated")
    checked = json.loads(verdict.read_text())
    result = {
        "rps": float(total["Requests/s"]), "p50_ms": float(total["50%"]), "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]), "errors": int(total["Failure Count"]), "requests": int(total["Request Count"]),
        "lost": checked["lost"], "doubled": checked["doubled"], "acks": checked["acks"],
    }  # fmt: skip
    print(
        f"{label}: " + " ".join(f"{k}={v}" for k, v in result.items()) + ("  [" + "; ".join(log) + "]" if log else "")
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--host", default=os.environ.get("LOAD_HOST", "https://127.0.0.1:8443"))
    parser.add_argument("--no-kill-run", action="store_true", help="skip the second run (kills and restarts)")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--verify", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.users, args.host)
        return 0
    if args.verify:
        verify(*args.verify)
        return 0
    if not args.host.startswith(("https://127.", "http://127.", "https://localhost", "http://localhost")):
        raise SystemExit("bench/load.py drives loopback addresses only")
    env = prod_env()
    if not healthy(args.host):
        raise SystemExit(f"bench/load.py: nothing answers at {args.host}/healthz: run `sudo make prod-up` first")
    first = one_run("steady", args, env, kill=False)
    line = {k: first[k] for k in ("rps", "p50_ms", "p95_ms", "p99_ms", "errors", "lost", "doubled")}
    if not args.no_kill_run:
        second = one_run("kill", args, env, kill=True)
        line.update({f"kill_{k}": second[k] for k in ("rps", "errors", "lost", "doubled")})
    print("RESULT " + " ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in line.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
