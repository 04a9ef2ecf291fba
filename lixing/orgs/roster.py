"""The roster spreadsheet: the columns of the national party member information form, the
importer (check, then a bulk all-or-nothing apply) and the export of any subtree.

The cell values are the words offices write (男/女, 大学本科, 在职, 是/否 …); the mapping to
the model's choices lives here, in one place, so that an export re-imports unchanged.

Speed matters (a city imports 100k rows at once): rows are parsed into plain tuples (a big
file in a second process, see :mod:`lixing.imports.pipeline`), the organisations of the
import scope are preloaded into a dict, existing members are read per batch by ID number,
and new rows go in with one ``executemany`` per batch, with one audit row per created or
updated member (its before/after encoded by orjson) and one roll-up call per batch.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import operator
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.accounts.audit import PERSONAL_FIELDS, audit_entry, log_access_bulk, mask_personal
from lixing.accounts.models import AuditLog
from lixing.common.db import bulk_write_cache
from lixing.imports.pipeline import read_ahead
from lixing.imports.registry import Importer, Outcome, Progress, RowError, Rows
from lixing.imports.sheets import Column, NumberCell, export_bytes, number_in_text_message, parse_bool, parse_date

from .access import Cap, require
from .models import (
    MEMBER_HOLDING_KINDS,
    Education,
    Gender,
    Member,
    MemberStatus,
    Organization,
    PartyStanding,
    PersonCategory,
    Transfer,
)
from .rollups import Bump, rollup_bump_many, rollup_member_moved
from .services import MEMBERS, PROBATIONARY, status_for
from .validators import (
    _CHECK,
    _ID_RE,
    _WEIGHTS,
    mask_address,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    validate_phone,
)

BATCH = 2000

# --- Cell words ↔ choices (the first word of each list is the one exports write) ----------
GENDER_WORDS: dict[str, list[str]] = {Gender.MALE: ["男", "男性", "M"], Gender.FEMALE: ["女", "女性", "F"]}
EDUCATION_WORDS: dict[str, list[str]] = {
    Education.POSTGRADUATE: ["研究生", "博士研究生", "硕士研究生", "博士", "硕士"],
    Education.UNIVERSITY: ["大学本科", "本科", "大学"],
    Education.COLLEGE: ["大学专科", "大专", "专科"],
    Education.SECONDARY: ["中专及高中", "高中", "中专", "中技", "职高"],
    Education.PRIMARY: ["初中及以下", "初中", "小学", "小学及以下"],
}
CATEGORY_WORDS: dict[str, list[str]] = {
    PersonCategory.IN_SERVICE: ["在职", "在岗职工", "在岗"],
    PersonCategory.RETIRED: ["离退休", "退休", "离休", "离退休人员"],
    PersonCategory.FARMER: ["农牧渔民", "农民", "农牧民"],
    PersonCategory.STUDENT: ["学生", "在校学生"],
    PersonCategory.WORKER: ["工人", "工勤技能人员"],
    PersonCategory.UNEMPLOYED: ["无固定职业", "待业", "失业"],
    PersonCategory.OTHER: ["其他"],
}
STANDING_WORDS: dict[str, list[str]] = {PartyStanding.NORMAL: ["正常"], PartyStanding.SUSPENDED: ["停止党籍", "停止"]}


def _lookup(words: dict[str, list[str]]) -> dict[str, str]:
    return {w: value for value, ws in words.items() for w in ws}


GENDERS = _lookup(GENDER_WORDS)
EDUCATIONS = _lookup(EDUCATION_WORDS)
CATEGORIES = _lookup(CATEGORY_WORDS)
STANDINGS = _lookup(STANDING_WORDS)


def word(words: dict[str, list[str]], value: str) -> str:
    return words[value][0] if value in words else ""


COLUMNS: list[Column] = [
    Column("姓名", "name", required=True, hint="张三", width=10),
    Column("性别", "gender", required=True, hint="男/女", width=6),
    Column("公民身份号码", "id_number", required=True, hint="18位，末位可为X", width=22, text=True),
    Column("民族", "ethnicity", hint="汉族", width=8),
    Column("出生日期", "birth_date", hint="1980-01-01（可不填，按身份证）", width=12),
    Column("学历", "education", hint="研究生/大学本科/大学专科/中专及高中/初中及以下", width=12),
    Column("人员类别", "category", hint="在职/离退休/农牧渔民/学生/工人/无固定职业/其他", width=12),
    Column("入党日期", "joined_at", required=True, hint="2005-07-01", width=12),
    Column("转正日期", "confirmed_at", hint="预备党员不填", width=12),
    Column("工作岗位", "job_post", width=14),
    Column("联系电话", "phone", hint="11位手机号或带区号的座机", width=14, text=True),
    Column("家庭住址", "address", width=24),
    Column("党籍状态", "standing", hint="正常/停止党籍", width=10),
    Column("是否失联党员", "is_lost_contact", hint="是/否", width=8),
    Column("是否流动党员", "is_mobile", hint="是/否", width=8),
    Column("所在党组织", "org", required=True, hint="党组织全称或简称", width=24),
    Column("工作单位", "work_unit", width=20),
    Column("职务", "position", width=12),
]
HEADERS = {c.field: c.header for c in COLUMNS}

# The fields an import writes, in the order of the tuples below (``org`` handled apart).
FIELDS = [
    "name", "gender", "id_number", "ethnicity", "birth_date", "education", "category", "joined_at",
    "confirmed_at", "job_post", "phone", "address", "standing", "is_lost_contact", "is_mobile",
    "work_unit", "position",
]  # fmt: skip
PERSONAL = [(f, PERSONAL_FIELDS[f]) for f in FIELDS if f in PERSONAL_FIELDS]
MAX_LENGTHS = {f.name: f.max_length for f in Member._meta.concrete_fields if f.name in FIELDS and f.max_length}


# One valid row: (row number, values in ``FIELDS`` order as the database takes them (dates as
# ISO text), organisation id, organisation path, the audit picture of a create already encoded
# (when the import writes) or ""). A plain tuple, unpacked by name where used: batches of
# these cross a process pipe, and plain tuples pickle twice as fast as named ones.
Parsed = tuple[int, tuple[Any, ...], int, str, str]


class Chunk(NamedTuple):
    """What the parser hands the writer every ``BATCH`` rows: the good rows, the errors,
    and how many rows have been read so far."""

    parsed: list[Parsed]
    errors: list[RowError]
    done: int


class OrgIndex:
    """The active member-holding organisations of the import scope, by full and short name."""

    def __init__(self, root: Organization) -> None:
        self.by_name: dict[str, Organization | None] = {}
        orgs = Organization.objects.filter(path__startswith=root.path, dissolved_at__isnull=True).only(
            "id", "path", "name", "short_name", "kind", "depth", "numchild", "parent_id"
        )
        for org in orgs:
            for key in {org.name, org.short_name} - {""}:
                # Two organisations answering to the same name: the name is ambiguous.
                self.by_name[key] = None if key in self.by_name and self.by_name[key] != org else org
        self.root = root

    def find(self, name: str) -> Organization:
        if name not in self.by_name:
            raise ValueError(_("No organisation called “%(name)s” in %(scope)s.") % {"name": name, "scope": self.root})
        org = self.by_name[name]
        if org is None:
            raise ValueError(_("Several organisations are called “%(name)s”: write the full name.") % {"name": name})
        if org.kind not in MEMBER_HOLDING_KINDS:
            raise ValueError(_("“%(name)s” does not hold members directly: name its branch.") % {"name": name})
        return org


class RowParser:
    """Turns a spreadsheet row into clean values, or errors naming the column header.

    Written as straight-line code on purpose: it runs once per row of files with 100k rows.
    """

    def __init__(self, orgs: OrgIndex, *, encode_after: bool = False) -> None:
        self.orgs = orgs
        self.seen: dict[int, int] = {}  # ID number (as below) → first row
        self.today = timezone.localdate()
        self.encode_after = encode_after  # also encode the audit picture of a create

    def _text(self, cells: dict[str, Any], field: str, errors: list[RowError], row: int) -> str:
        value = cells.get(field)
        if value is None:
            return ""
        if type(value) is NumberCell:
            errors.append(RowError(row, HEADERS[field], number_in_text_message()))
            return ""
        result = value if type(value) is str else str(value).strip()
        limit = MAX_LENGTHS.get(field)
        if limit and len(result) > limit:
            errors.append(RowError(row, HEADERS[field], _("Too long: at most %(n)d characters.") % {"n": limit}))
        return result

    def _choice(
        self, cells: dict[str, Any], field: str, table: dict[str, str], default: str, errors: list[RowError], row: int
    ) -> str:
        raw = cells.get(field)
        if raw is None or raw == "":
            return default
        found = table.get(raw)
        if found is None:
            allowed = "、".join(dict.fromkeys(w for w in table if not w.isascii()))
            errors.append(RowError(row, HEADERS[field], _("“%(value)s” is not one of: %(allowed)s.")
                                   % {"value": raw, "allowed": allowed}))  # fmt: skip
            return default
        return found

    def _date(self, cells: dict[str, Any], field: str, errors: list[RowError], row: int) -> datetime.date | None:
        value = cells.get(field)
        if value is None or value == "":
            return None
        if type(value) is datetime.datetime:
            value = value.date()
        elif type(value) is not datetime.date:
            try:
                value = parse_date(value)
            except ValueError as exc:
                errors.append(RowError(row, HEADERS[field], str(exc)))
                return None
        if value > self.today:  # type: ignore[operator]
            errors.append(RowError(row, HEADERS[field], _("The date %(date)s is in the future.")
                                   % {"date": value.isoformat()}))  # type: ignore[union-attr]  # fmt: skip
        return value  # type: ignore[return-value]

    def _bool(self, cells: dict[str, Any], field: str, errors: list[RowError], row: int) -> bool:
        value = cells.get(field)
        if value is None or value == "" or value == "否":
            return False
        if value == "是":
            return True
        try:
            return parse_bool(value)
        except ValueError as exc:
            errors.append(RowError(row, HEADERS[field], str(exc)))
            return False

    def parse(self, row: int, cells: dict[str, Any]) -> tuple[Parsed | None, list[RowError]]:
        errors: list[RowError] = []
        text = self._text
        name = text(cells, "name", errors, row)
        if not name:
            errors.append(RowError(row, HEADERS["name"], _("The name is required.")))
        gender_raw = text(cells, "gender", errors, row)
        gender = GENDERS.get(gender_raw, "")
        if not gender_raw:
            errors.append(RowError(row, HEADERS["gender"], _("The gender is required (男 or 女).")))
        elif not gender:
            errors.append(RowError(row, HEADERS["gender"], _("“%(value)s” is not a gender: write 男 or 女.")
                                   % {"value": gender_raw}))  # fmt: skip
        id_number, encoded_birth, encoded_gender = self._id_number(cells.get("id_number"), errors, row)
        birth_date = self._date(cells, "birth_date", errors, row)
        if encoded_birth is not None:
            if birth_date is None:
                birth_date = encoded_birth
            elif birth_date != encoded_birth:
                errors.append(RowError(row, HEADERS["birth_date"], _(
                    "The date of birth %(given)s does not match the ID number (%(encoded)s).")
                    % {"given": birth_date.isoformat(), "encoded": encoded_birth.isoformat()}))  # fmt: skip
            if gender and encoded_gender != gender:
                errors.append(RowError(row, HEADERS["gender"], _("The gender does not match the ID number.")))
        n_errors = len(errors)
        joined_at = self._date(cells, "joined_at", errors, row)
        if joined_at is None:
            if len(errors) == n_errors:
                errors.append(RowError(row, HEADERS["joined_at"], _("The date of joining the party is required.")))
        elif birth_date is not None and joined_at <= birth_date:
            errors.append(RowError(row, HEADERS["joined_at"],
                                   _("The date of joining the party is before the date of birth.")))  # fmt: skip
        confirmed_at = self._date(cells, "confirmed_at", errors, row)
        if confirmed_at is not None and joined_at is not None and confirmed_at < joined_at:
            errors.append(RowError(row, HEADERS["confirmed_at"],
                                   _("The date of confirmation is before the date of joining the party.")))  # fmt: skip
        phone = text(cells, "phone", errors, row)
        if phone and not (
            len(phone) == 11 and phone.isascii() and phone.isdigit() and phone[0] == "1" and phone[1] in "3456789"
        ):
            try:
                phone = validate_phone(phone)
            except ValidationError as exc:
                errors.append(RowError(row, HEADERS["phone"], exc.messages[0]))
        values = (
            name, gender, id_number, text(cells, "ethnicity", errors, row) or "汉族", birth_date,
            self._choice(cells, "education", EDUCATIONS, "", errors, row),
            self._choice(cells, "category", CATEGORIES, PersonCategory.IN_SERVICE, errors, row),
            joined_at, confirmed_at, text(cells, "job_post", errors, row), phone, text(cells, "address", errors, row),
            self._choice(cells, "standing", STANDINGS, PartyStanding.NORMAL, errors, row),
            self._bool(cells, "is_lost_contact", errors, row), self._bool(cells, "is_mobile", errors, row),
            text(cells, "work_unit", errors, row), text(cells, "position", errors, row),
        )  # fmt: skip
        org = None
        org_name = text(cells, "org", errors, row)
        if not org_name:
            errors.append(RowError(row, HEADERS["org"], _("Name the party organisation the member belongs to.")))
        else:
            org = self.orgs.by_name.get(org_name)
            if org is None or org.kind not in MEMBER_HOLDING_KINDS:
                try:
                    org = self.orgs.find(org_name)
                except ValueError as exc:
                    errors.append(RowError(row, HEADERS["org"], str(exc)))
        if id_number:
            # Keyed by the number as an integer (17 digits and the check character): half the
            # memory of 100k strings.
            key = int(id_number[:17]) * 11 + (10 if id_number[17] == "X" else int(id_number[17]))
            first = self.seen.get(key)
            if first is not None:
                errors.append(RowError(row, HEADERS["id_number"],
                                       _("The same ID number is already on row %(row)d.") % {"row": first}))  # fmt: skip
            else:
                self.seen[key] = row
        if errors or org is None:
            return None, errors
        values = _dates_as_text(values)
        after = ""
        if self.encode_after:
            picture: dict[str, Any] = dict(zip(FIELDS, values, strict=True))
            for field, mask in PERSONAL:  # what mask_personal does, for the fields a roster has
                picture[field] = mask(picture[field])
            after = _json_text(picture)
        return (row, values, org.pk, org.path, after), errors

    def chunks(self, rows: Rows) -> Iterator[Chunk]:
        """Parse ``rows``, a chunk every ``BATCH`` rows (the last one possibly shorter)."""
        parsed: list[Parsed] = []
        errors: list[RowError] = []
        done = 0
        parse = self.parse
        for row, cells in rows:
            p, row_errors = parse(row, cells)
            done += 1
            if row_errors:
                errors.extend(row_errors)
            elif p is not None:
                parsed.append(p)
            if done % BATCH == 0:
                yield Chunk(parsed, errors, done)
                parsed, errors = [], []
        yield Chunk(parsed, errors, done)

    @staticmethod
    def _id_number(raw: Any, errors: list[RowError], row: int) -> tuple[str, datetime.date | None, str]:
        """The ID number checks of :func:`validators.validate_id_number`, inlined for speed
        and split so that a birth-date or gender mismatch is reported on its own column."""
        header = HEADERS["id_number"]
        if raw is None or raw == "":
            errors.append(RowError(row, header, _("The ID number is required.")))
            return "", None, ""
        if type(raw) is NumberCell or isinstance(raw, float | int):  # Excel has already lost the last digits
            errors.append(RowError(row, header, number_in_text_message()))
            return "", None, ""
        value = normalize_id_number(raw)
        if len(value) != 18:
            errors.append(RowError(row, header, _("The ID number must have 18 characters (it has %(n)d).")
                                   % {"n": len(value)}))  # fmt: skip
            return "", None, ""
        if not _ID_RE.match(value):
            errors.append(RowError(row, header, _(
                "The ID number may contain only digits, with X allowed as the last character.")))  # fmt: skip
            return "", None, ""
        try:
            birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        except ValueError:
            errors.append(RowError(row, header, _("The date of birth in the ID number is not a real date.")))
            return "", None, ""
        if not _EARLIEST <= birth <= _today():
            errors.append(RowError(row, header, _("The date of birth in the ID number is out of range.")))
            return "", None, ""
        d = [ord(c) - 48 for c in value[:17]]
        total = (7 * d[0] + 9 * d[1] + 10 * d[2] + 5 * d[3] + 8 * d[4] + 4 * d[5] + 2 * d[6] + d[7] + 6 * d[8]
                 + 3 * d[9] + 7 * d[10] + 9 * d[11] + 10 * d[12] + 5 * d[13] + 8 * d[14] + 4 * d[15] + 2 * d[16])  # fmt: skip
        if _CHECK[total % 11] != value[17]:
            errors.append(RowError(row, header, _(
                "The ID number's check digit is wrong: please check the number for a typing error.")))  # fmt: skip
            return value, None, ""
        return value, birth, "M" if d[16] % 2 else "F"


_EARLIEST = datetime.date(1900, 1, 1)


def _today() -> datetime.date:
    """Today, looked up once a minute at most (the ID check runs per row)."""
    now = time.monotonic()
    if now - _TODAY[1] > 60:
        _TODAY[:] = [datetime.date.today(), now]
    return _TODAY[0]  # type: ignore[no-any-return]


_TODAY: list[Any] = [datetime.date.today(), time.monotonic()]
assert _WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # the weights unrolled above


EXISTING_SQL = (
    "SELECT m.id, m.org_id, o.path, {fields} FROM orgs_member m JOIN orgs_organization o ON o.id = m.org_id "
    "WHERE m.id_number IN ({params})"
)
DATE_POSITIONS = [3 + FIELDS.index(f) for f in ("birth_date", "joined_at", "confirmed_at")]


def _existing(numbers: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """Existing members with these ID numbers: id_number → (id, org_id, org path, *FIELDS).

    Raw SQL because the ORM's ``__in`` with thousands of values costs more than the query;
    values come out as ``Parsed`` holds them (dates as ISO text, booleans as bool)."""
    if not numbers:
        return {}
    # Column names from the model, values bound as parameters.
    columns, params = ", ".join(f"m.{f}" for f in FIELDS), ", ".join(["%s"] * len(numbers))
    sql = EXISTING_SQL.format(fields=columns, params=params)
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, list(numbers))
        for row in cursor.fetchall():
            row = list(row)
            for i in DATE_POSITIONS:
                if row[i] is not None and type(row[i]) is not str:
                    row[i] = row[i].isoformat()
            for i in BOOL_POSITIONS:
                row[i] = bool(row[i])
            result[row[3 + ID_POSITION]] = tuple(row)
    return result


def _inserted_ids(numbers: Sequence[str]) -> dict[str, int]:
    """The ids of the members just inserted by one ``executemany``, ``numbers`` in its order.

    On SQLite, under the transaction's write lock, the new rowids increase and end at
    ``last_insert_rowid()``: if the first and the last are the rows expected, the n rows
    hold n consecutive ids, and no lookup is needed. Otherwise (PostgreSQL), a lookup."""
    if connection.vendor == "sqlite" and numbers:
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_insert_rowid()")
            last = cursor.fetchone()[0]
            first = last - len(numbers) + 1
            cursor.execute("SELECT id, id_number FROM orgs_member WHERE id IN (%s, %s)", [first, last])
            ends = dict(cursor.fetchall())
        if ends.get(first) == numbers[0] and ends.get(last) == numbers[-1]:
            return {number: first + i for i, number in enumerate(numbers)}
    return _ids(numbers)


def _ids(numbers: Sequence[str]) -> dict[str, int]:
    sql = f"SELECT id_number, id FROM orgs_member WHERE id_number IN ({', '.join(['%s'] * len(numbers))})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, list(numbers))
        return dict(cursor.fetchall())


ID_POSITION = FIELDS.index("id_number")
NAME_POSITION = FIELDS.index("name")
BIRTH_POSITION = FIELDS.index("birth_date")
BOOL_POSITIONS = [3 + FIELDS.index(f) for f in ("is_lost_contact", "is_mobile")]


class MemberImporter(Importer):
    kind = "members"
    label = gettext_lazy("Member roster")
    title = "党员信息"
    columns = COLUMNS

    def check_access(self, *, actor: Any, org: Organization, options: dict[str, Any]) -> None:
        require(actor, org, Cap.STRUCTURE)

    def examples(self) -> Sequence[Sequence[Any]]:
        return []

    def _run(self, *, actor: Any, org: Organization, rows: Rows, progress: Progress, write: bool) -> Outcome:
        """One pass over the file. ``write=False`` only counts; ``write=True`` writes batch by
        batch and stops writing (but keeps checking) at the first error: the caller then
        rolls the transaction back. A big file is parsed in a second process while this one
        looks up and writes (see :mod:`lixing.imports.pipeline`)."""
        require(actor, org, Cap.STRUCTURE)
        parser = RowParser(OrgIndex(org), encode_after=write)
        outcome = Outcome()
        big = getattr(rows, "total", 0) >= settings.LIXING_IMPORT_READ_AHEAD_ROWS > 0
        with bulk_write_cache() if big and write else contextlib.nullcontext():
            chunks = read_ahead(parser.chunks(rows), enabled=big, release=getattr(rows, "release", None))
            digest = hashlib.sha256()
            self._consume(actor, org, chunks, outcome, progress, write, digest)
        outcome.fingerprint = digest.hexdigest()
        return outcome

    def _consume(
        self,
        actor: Any,
        org: Organization,
        chunks: Iterable[Chunk],
        outcome: Outcome,
        progress: Progress,
        write: bool,
        digest: Any,
    ) -> None:
        """``digest`` takes in every existing member the file names, as read: check and apply
        read the same members unless someone changed them in between."""
        for chunk in chunks:
            outcome.errors.extend(chunk.errors)
            progress(chunk.done)
            existing = _existing([p[1][ID_POSITION] for p in chunk.parsed])
            if existing:
                digest.update(orjson.dumps([existing[number] for number in sorted(existing)]))
            creates: list[Parsed] = []
            updates: list[tuple[Parsed, tuple[Any, ...]]] = []
            for p in chunk.parsed:
                row, values, org_id, _path, _after = p
                old = existing.get(values[ID_POSITION])
                if old is None:
                    creates.append(p)
                elif not old[2].startswith(org.path):
                    # Said without naming the organisation or the person: both are outside
                    # what the actor may see.
                    outcome.errors.append(RowError(row, HEADERS["id_number"], _(
                        "This ID number is already registered elsewhere: ask the office.")))  # fmt: skip
                elif (
                    old[3 + NAME_POSITION] != values[NAME_POSITION] or old[3 + BIRTH_POSITION] != values[BIRTH_POSITION]
                ):
                    # The same number, another person (or a typing error in one of them):
                    # never an update, a conflict the user resolves.
                    outcome.errors.append(RowError(row, HEADERS["id_number"], _(
                        "This ID number belongs to %(name)s (born %(birth)s) in %(org)s: the row's name or date of "
                        "birth differs. Correct the row, or correct the member's record first.")
                        % {"name": old[3 + NAME_POSITION], "birth": old[3 + BIRTH_POSITION],
                           "org": _org_name(old[2], org)}))  # fmt: skip
                elif old[3:] != values or old[1] != org_id:
                    updates.append((p, old))
                else:
                    outcome.skip += 1
            outcome.create += len(creates)
            outcome.update += len(updates)
            if write and not outcome.errors:
                _write_batch(actor=actor, creates=creates, updates=updates)

    def check(
        self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress
    ) -> Outcome:
        return self._run(actor=actor, org=org, rows=rows, progress=progress, write=False)

    def apply(
        self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress
    ) -> Outcome:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("MemberImporter.apply must run inside the caller's transaction")
        return self._run(actor=actor, org=org, rows=rows, progress=progress, write=True)


def _org_name(path: str, scope: Organization) -> str:
    """The name of the organisation at ``path`` (inside ``scope``: the actor may see it)."""
    found = Organization.objects.filter(path=path).values_list("name", flat=True).first()
    return found or str(scope)


def _insert(model: type[models.Model], names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """INSERT many rows in one ``executemany``: the ORM's bulk_create spends most of its time
    preparing each value through the field API, which plain str/int/bool/date values do not
    need. Callers pass values already in database form (see :func:`_db_value`)."""
    if not rows:
        return
    fields = [model._meta.get_field(n) for n in names]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(str(f.column)) for f in fields)  # type: ignore[union-attr]
    # Table and column names from the model; values bound as parameters.
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _now_db() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _dates_as_text(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The row with its dates as ISO text (birth and joining dates are always there)."""
    confirmed = values[8]
    return (*values[:4], values[4].isoformat(), *values[5:7], values[7].isoformat(),
            confirmed.isoformat() if confirmed is not None else None, *values[9:])  # fmt: skip


assert [FIELDS.index(f) for f in ("birth_date", "joined_at", "confirmed_at")] == [4, 7, 8]  # as unrolled above


def _text_as_dates(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The inverse of :func:`_dates_as_text` (for the rare updated row)."""
    confirmed = values[8]
    return (*values[:4], datetime.date.fromisoformat(values[4]), *values[5:7], datetime.date.fromisoformat(values[7]),
            datetime.date.fromisoformat(confirmed) if confirmed is not None else None, *values[9:])  # fmt: skip


def _json_text(values: dict[str, Any]) -> str:
    """A before/after picture as JSON text, which every backend's JSON column takes."""
    return orjson.dumps(values).decode()


AUDIT_NAMES = ["at", "actor", "actor_name", "action", "object_type", "object_id", "object_repr", "org_path",
               "before", "after"]  # fmt: skip
MEMBER_NAMES = ["created_at", "updated_at", "cadre_level", "org", "status", *FIELDS]
_BY_ID_NUMBER = operator.itemgetter(MEMBER_NAMES.index("id_number"))
CONFIRMED_POSITION = FIELDS.index("confirmed_at")
FULL_STATUS, PROBATIONARY_STATUS = status_for(datetime.date.min), status_for(None)


def _write_batch(*, actor: Any, creates: list[Parsed], updates: list[tuple[Parsed, tuple[Any, ...]]]) -> None:
    """Write one batch: members, transfers, roll-up counters and audit rows (one per member
    created or updated, with before/after), in the caller's transaction."""
    bumps: Counter[tuple[int, str, str]] = Counter()
    now = _now_db()
    probationary = MemberStatus.PROBATIONARY
    entry = audit_entry(actor=actor, action="")  # the actor's columns, computed once
    actor_cols = (now, entry.actor_id, entry.actor_name)
    audit_rows: list[tuple[Any, ...]] = []
    if creates:
        member_rows = []
        for _row, values, org_id, org_path, _after in creates:
            status = PROBATIONARY_STATUS if values[CONFIRMED_POSITION] is None else FULL_STATUS
            member_rows.append((now, now, "", org_id, status, *values))
            bumps[(org_id, org_path, MEMBERS)] += 1
            if status == probationary:
                bumps[(org_id, org_path, PROBATIONARY)] += 1
        member_rows.sort(key=_BY_ID_NUMBER)  # neighbouring keys: fewer index pages touched
        _insert(Member, MEMBER_NAMES, member_rows)
        ids = _inserted_ids([_BY_ID_NUMBER(row) for row in member_rows])
        for _row, values, _org_id, org_path, encoded in creates:
            picture = encoded or _json_text(mask_personal(dict(zip(FIELDS, values, strict=True))))
            audit_rows.append((*actor_cols, "member.create", "orgs.member", str(ids[values[ID_POSITION]]),
                               values[0][:200], org_path, None, picture))  # fmt: skip
    if updates:
        changed_fields: set[str] = set()
        members = []
        transfers = []
        moves: list[tuple[int, int, str, int, str]] = []
        user = actor if getattr(actor, "is_authenticated", False) else None
        for (_row, values, org_id, org_path, _after), old in updates:
            member_id, old_org_id, old_path, *old_values = old
            m = Member(pk=member_id, org_id=org_id, **dict(zip(FIELDS, _text_as_dates(values), strict=True)))
            m.status = status_for(m.confirmed_at)
            old_status = status_for(old_values[CONFIRMED_POSITION])
            before = {f: v for f, v, new in zip(FIELDS, old_values, values, strict=True) if v != new}
            after = {f: new for f, v, new in zip(FIELDS, old_values, values, strict=True) if v != new}
            changed_fields.update(before)
            if old_status != m.status:
                changed_fields.add("status")
            if old_org_id != org_id:
                changed_fields.add("org")
                before["org_id"], after["org_id"] = old_org_id, org_id
                transfers.append(Transfer(member_id=member_id, from_org_id=old_org_id, to_org_id=org_id,
                                          reason=_("Roster import"), actor=user))  # fmt: skip
                moves.append((member_id, old_org_id, old_path, org_id, org_path))
            for counted, path, st, sign in ((old_org_id, old_path, old_status, -1), (org_id, org_path, m.status, 1)):
                bumps[(counted, path, MEMBERS)] += sign
                if st == probationary:
                    bumps[(counted, path, PROBATIONARY)] += sign
            m.updated_at = timezone.now()
            members.append(m)
            audit_rows.append((*actor_cols, "member.update", "orgs.member", str(member_id), m.name[:200],
                               org_path, _json_text(mask_personal(before)), _json_text(mask_personal(after))))  # fmt: skip
        Member.objects.bulk_update(members, [*sorted(changed_fields), "updated_at"], batch_size=500)
        Transfer.objects.bulk_create(transfers, batch_size=500)
        # A transfer by import moves the member's counters of every line of work, as
        # member_transfer does (a few statements per moved member; moves are rare in a roster).
        for member_id, old_org_id, old_path, org_id, org_path in moves:
            rollup_member_moved(member_id=member_id, from_org=Organization(pk=old_org_id, path=old_path),
                                to_org=Organization(pk=org_id, path=org_path))  # fmt: skip
    rollup_bump_many([Bump(o, path, key, None, n) for (o, path, key), n in bumps.items() if n])
    _insert(AuditLog, AUDIT_NAMES, audit_rows)


# --- Export -----------------------------------------------------------------------------------

EXPORT_VALUES = ["id", "org__name", "org__path", *FIELDS]


def roster_rows(*, actor: Any, org: Organization, full: bool = False) -> Iterator[list[Any]]:
    """The subtree's roster as spreadsheet rows (same columns as the import). Unless ``full``
    (which needs the PII right; the caller logs it), ID numbers and phones are masked, and
    what would unmask them is left out: the date of birth (the ID number's middle digits)
    is empty and the home address keeps only its area."""
    from .selectors import member_list

    qs = member_list(actor=actor, org=org).values_list(*EXPORT_VALUES)
    for _member_id, org_name, _path, *values in qs.iterator(chunk_size=2000):
        v = dict(zip(FIELDS, values, strict=True))
        yield [
            v["name"], word(GENDER_WORDS, v["gender"]),
            v["id_number"] if full else mask_id_number(v["id_number"]), v["ethnicity"],
            v["birth_date"] if full else None,
            word(EDUCATION_WORDS, v["education"]), word(CATEGORY_WORDS, v["category"]), v["joined_at"],
            v["confirmed_at"], v["job_post"], v["phone"] if full else mask_phone(v["phone"]),
            v["address"] if full else mask_address(v["address"]),
            word(STANDING_WORDS, v["standing"]), "是" if v["is_lost_contact"] else "否",
            "是" if v["is_mobile"] else "否", org_name, v["work_unit"], v["position"],
        ]  # fmt: skip


@transaction.atomic
def roster_export(*, actor: Any, org: Organization, full: bool = False, context: str = "export") -> bytes:
    """The subtree's roster as .xlsx, for those who keep the roster (the MEMBERS right: not an
    ordinary member). ``full`` needs the PII right and writes one access-log row per member
    exported in full."""
    require(actor, org, Cap.MEMBERS)
    if full:
        require(actor, org, Cap.PII)
        from .selectors import member_list

        subjects = [
            ("orgs.member", str(pk), name, path)
            for pk, name, path in member_list(actor=actor, org=org).values_list("id", "name", "org__path").iterator()
        ]
        log_access_bulk(actor=actor, subjects=subjects, fields="id_number,phone,birth_date,address", context=context)
    return export_bytes(MemberImporter.title, [c.header for c in COLUMNS], roster_rows(actor=actor, org=org, full=full))


def roster_filename(org: Organization) -> str:
    return f"roster-{org.pk}-{timezone.localdate():%Y%m%d}.xlsx"


__all__ = ["COLUMNS", "MemberImporter", "MemberStatus", "roster_export", "roster_rows"]
