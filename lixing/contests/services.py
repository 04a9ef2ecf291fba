"""Every write of contests. Pages, the API and the demo call these.

The organiser (``STRUCTURE`` over the contest's unit) sets up the contest, its rubric, entries
and judges and publishes the results; a judge writes only their own sheet, never scores an
entry from their own unit (conflict of interest), and cannot change it once submitted;
anyone signed in may vote while votes are open, within the daily cap.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import audit, snapshot
from lixing.orgs.access import Cap, can, require
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import rollup_bump_many

from .counters import contest_bump, entry_bumps
from .models import Contest, Criterion, Entry, EntryKind, Judge, Round, Score, Vote

CONTEST_FIELDS = ["unit_id", "kind", "title", "held_on", "rule", "votes_enabled", "votes_per_day", "vote_weight"]


def _not_published(contest: Contest) -> None:
    if contest.published_at is not None:
        raise ValidationError(_("The results are published: the contest can no longer change."))


@transaction.atomic
def contest_create(
    *,
    actor: Any,
    unit: Organization,
    kind: str,
    title: str,
    held_on: datetime.date,
    criteria: Sequence[tuple[str, int, int]],
    rule: str = "mean",
    votes_enabled: bool = False,
    votes_per_day: int = 1,
    vote_weight: int = 0,
    form_token: str = "",
) -> Contest:
    """A contest with its rubric ((name, weight, maximum score) per criterion) and round 1.
    The same form token twice returns the first contest."""
    require(actor, unit, Cap.STRUCTURE)
    if form_token and (existing := Contest.objects.filter(form_token=form_token).first()) is not None:
        return existing
    if not criteria:
        raise ValidationError({"criteria": _("Give at least one criterion.")})
    contest = Contest(unit=unit, kind=kind, title=title.strip(), held_on=held_on, rule=rule,
                      votes_enabled=votes_enabled, votes_per_day=votes_per_day, vote_weight=vote_weight,
                      form_token=form_token)  # fmt: skip
    contest.full_clean(exclude=["unit"])
    contest.save()
    for i, (name, weight, max_score) in enumerate(criteria):
        c = Criterion(contest=contest, name=name.strip(), weight=weight, max_score=max_score, order=i)
        c.full_clean(exclude=["contest"])
        c.save()
    Round.objects.create(contest=contest, number=1)
    rollup_bump_many([contest_bump(contest, +1)])
    audit(actor=actor, action="contests.contest_create", obj=contest, org_path=unit.path,
          after={**snapshot(contest, CONTEST_FIELDS), "criteria": list(map(list, criteria))})  # fmt: skip
    return contest


@transaction.atomic
def round_add(*, actor: Any, contest: Contest, name: str = "") -> Round:
    require(actor, contest.unit, Cap.STRUCTURE)
    _not_published(contest)
    number = (contest.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    rnd = Round.objects.create(contest=contest, number=number, name=name.strip())
    audit(actor=actor, action="contests.round_add", obj=contest, org_path=contest.unit.path, after={"round": number})
    return rnd


@transaction.atomic
def entry_add(
    *, actor: Any, contest: Contest, kind: str, title: str, member: Member | None = None,
    org: Organization | None = None, order: int = 0,
) -> Entry:  # fmt: skip
    """An entry from the contest's subtree: a member or secretary (their organisation is the
    entry's unit) or an organisation. Whoever records work for that unit may enter it."""
    _not_published(contest)
    if kind in (EntryKind.MEMBER, EntryKind.SECRETARY):
        if member is None:
            raise ValidationError({"member": _("Choose the member.")})
        org = member.org
        if kind == EntryKind.SECRETARY and not Organization.objects.filter(secretary=member).exists():
            raise ValidationError({"member": _("%(name)s is not a secretary of any organisation.") % {"name": member.name}})
    elif org is None:
        raise ValidationError({"org": _("Choose the organisation.")})
    else:
        member = None
    if not org.path.startswith(contest.unit.path):
        raise ValidationError({"org": _("The entry must come from the organiser's subtree.")})
    if not (can(actor, org, Cap.RECORDS) or can(actor, contest.unit, Cap.STRUCTURE)):
        raise PermissionDenied(_("You do not have permission to do this here."))
    entry = Entry(contest=contest, kind=kind, member=member, org=org, title=title.strip(), order=order)
    entry.full_clean(exclude=["contest", "member", "org"])
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise ValidationError(_("This entrant is already in the contest.")) from None
    rollup_bump_many(entry_bumps(entry, contest, +1))
    audit(actor=actor, action="contests.entry_add", obj=entry, org_path=org.path,
          after=snapshot(entry, ["contest_id", "kind", "member_id", "org_id", "title"]))  # fmt: skip
    return entry


@transaction.atomic
def entry_remove(*, actor: Any, entry: Entry) -> None:
    contest = entry.contest
    _not_published(contest)
    if not (can(actor, entry.org, Cap.RECORDS) or can(actor, contest.unit, Cap.STRUCTURE)):
        raise PermissionDenied(_("You do not have permission to do this here."))
    if Score.objects.filter(entry=entry).exists():
        raise ValidationError(_("Judges have scored this entry: it can no longer be removed."))
    rollup_bump_many(entry_bumps(entry, contest, -1))
    audit(actor=actor, action="contests.entry_remove", obj=entry, org_path=entry.org.path,
          before=snapshot(entry, ["contest_id", "kind", "member_id", "org_id", "title"]))  # fmt: skip
    entry.delete()


@transaction.atomic
def judge_assign(*, actor: Any, round: Round, user: Any, unit: Organization) -> Judge:
    """Assign an account to judge a round. ``unit`` is the judge's own unit: they will not be
    given, and may not score, any entry from it or below it."""
    contest = round.contest
    require(actor, contest.unit, Cap.STRUCTURE)
    _not_published(contest)
    judge, created = Judge.objects.get_or_create(round=round, user=user, defaults={"unit": unit})
    if created:
        audit(actor=actor, action="contests.judge_assign", obj=contest, org_path=contest.unit.path,
              after={"round": round.number, "user": user.pk, "unit": unit.pk})  # fmt: skip
    return judge


def _own_judge(actor: Any, judge: Judge) -> None:
    if getattr(actor, "pk", None) is None or judge.user_id != actor.pk:
        raise PermissionDenied(_("This is not your scoring sheet."))


@transaction.atomic
def score_save(*, actor: Any, judge: Judge, entry: Entry, criterion: Criterion, value: Any) -> Score:
    """Save one score on the judge's own sheet (as they go). Refused on a submitted sheet, for an
    entry from the judge's own unit, or out of the criterion's range."""
    _own_judge(actor, judge)
    locked = Judge.objects.select_for_update().filter(pk=judge.pk).values_list("submitted_at", flat=True).first()
    if locked is not None:
        raise ValidationError(_("Your sheet is submitted and locked."))
    contest = judge.round.contest
    _not_published(contest)
    if entry.contest_id != contest.pk or criterion.contest_id != contest.pk:
        raise ValidationError(_("Not an entry or criterion of this contest."))
    if judge.conflicts_with(entry):
        raise PermissionDenied(_("You may not score an entry from your own unit."))
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("Write a number.")}) from None
    if not (0 <= number <= criterion.max_score) or number != number.quantize(Decimal("0.01")):
        raise ValidationError({"value": _("Between 0 and %(max)s, at most two decimals.") % {"max": criterion.max_score}})
    score, _created = Score.objects.update_or_create(judge=judge, entry=entry, criterion=criterion,
                                                     defaults={"value": number})  # fmt: skip
    return score


def sheet_entries(judge: Judge) -> list[Entry]:
    """The entries a judge scores: every entry of the contest except their own unit's."""
    entries = Entry.objects.filter(contest_id=judge.round.contest_id).select_related("org").order_by("order", "id")
    return [e for e in entries if not judge.conflicts_with(e)]


@transaction.atomic
def sheet_submit(*, actor: Any, judge: Judge) -> bool:
    """Lock the judge's sheet. Every entry they may score must have every criterion scored.
    Returns False when it was already submitted (a second tap changes nothing)."""
    _own_judge(actor, judge)
    criteria = list(Criterion.objects.filter(contest_id=judge.round.contest_id).values_list("id", flat=True))
    entries = [e.pk for e in sheet_entries(judge)]
    have = set(Score.objects.filter(judge=judge).values_list("entry_id", "criterion_id"))
    missing = [(e, c) for e in entries for c in criteria if (e, c) not in have]
    if missing:
        raise ValidationError(_("%(n)s scores are still missing.") % {"n": len(missing)})
    claimed = Judge.objects.filter(pk=judge.pk, submitted_at__isnull=True).update(submitted_at=timezone.now())
    if claimed:
        audit(actor=actor, action="contests.sheet_submit", obj=judge.round.contest,
              org_path=judge.round.contest.unit.path, after={"round": judge.round.number, "judge": judge.pk})  # fmt: skip
    return bool(claimed)


def voter_key(actor: Any) -> str:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to vote."))
    return f"u{actor.pk}"


def phone_voter(*, phone: str, code: str) -> str:
    """The voter key of a phone verified with its one-time code (used once). The code comes
    from deeds' phone verification (``/api/v1/deeds/public/phone-codes``): one machinery, one
    keyed hash per phone, so the vote table never holds a number."""
    from lixing.deeds.services import phone_code_verify  # the shared phone verification (see the decision)

    return f"p{phone_code_verify(phone=phone, code=code)}"


def vote_cast(*, voter: str, contest: Contest, entry: Entry, day: datetime.date | None = None) -> Vote:
    """One vote for ``entry`` by ``voter`` (an account's or a verified phone's key). At most
    ``votes_per_day`` a day in this contest and one per entry a day: the database holds the cap
    (a vote takes the first free slot 1..cap; two racing votes cannot take the same slot)."""
    if not contest.votes_enabled or contest.published_at is not None:
        raise ValidationError(_("Voting is not open for this contest."))
    if entry.contest_id != contest.pk:
        raise ValidationError(_("Not an entry of this contest."))
    day = day or timezone.localdate()
    for slot in range(1, contest.votes_per_day + 1):
        try:
            with transaction.atomic():
                return Vote.objects.create(contest=contest, entry=entry, voter=voter, day=day, slot=slot)
        except IntegrityError:
            if Vote.objects.filter(contest=contest, entry=entry, voter=voter, day=day).exists():
                raise ValidationError(_("You have already voted for this entry today.")) from None
            continue
    raise ValidationError(_("You have used today's %(n)s votes.") % {"n": contest.votes_per_day})


@transaction.atomic
def contest_publish(*, actor: Any, contest: Contest) -> Contest:
    """Publish the results (with the rule used). Votes close; nothing changes afterwards."""
    require(actor, contest.unit, Cap.STRUCTURE)
    if contest.published_at is None:
        contest.published_at = timezone.now()
        contest.save(update_fields=["published_at", "updated_at"])
        audit(actor=actor, action="contests.publish", obj=contest, org_path=contest.unit.path,
              after={"rule": contest.rule, "vote_weight": contest.vote_weight})  # fmt: skip
    return contest
