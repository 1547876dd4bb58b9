"""Reading a CSV of existing certifications: bytes to rows, each row checked on its own.

Pure functions, no database: ``read`` decodes the file (UTF-8 with or without a byte-order
mark, or GBK/GB18030 as Excel saves it in Chinese), refuses what cannot be a CSV of ours as
``Unreadable`` (too big, binary, no header, a required column missing) and returns one
``CsvRow`` per non-blank line, with the problems found in it. Columns are found by their header
name in any order; unknown columns are ignored. A cell that a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is refused
rather than stored, so no export of ours can later carry it into someone's spreadsheet.
The database checks (unknown tier, already certified) are ``honor_wall.importing``'s.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.utils.translation import gettext as _

from applications.models.profile import forge_username

MAX_BYTES = 10 * 1024 * 1024
REQUIRED = ("email", "name", "tier", "awarded_on")
OPTIONAL = ("expires_on", "handle", "gitee", "github")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Unreadable(Exception):
    """The file as a whole cannot be read; ``message`` says why, in one line."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


@dataclass
class CsvRow:
    line: int
    email: str = ""
    name: str = ""
    tier: str = ""
    awarded_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    handle: str = ""
    gitee: str = ""
    github: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.email, self.tier)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped), else GBK/GB18030."""
    if len(data) > MAX_BYTES:
        raise Unreadable(_("The file is larger than 10 MB."))
    if b"\x00" in data:
        raise Unreadable(_("This is not a text file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable(_("The file is neither UTF-8 nor GBK text."))


def read(data: bytes, *, today: datetime.date) -> list[CsvRow]:
    """Every non-blank row after the header, checked on its own (see the module's doc)."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        # Blank lines are dropped as they are read: 10 MB of them are ten million rows, which
        # held at once took 850 MB.
        numbered = [(n, cells) for n, cells in enumerate(reader, start=1) if _filled(cells)]
    except csv.Error as exc:
        raise Unreadable(_("The file is not valid CSV: %(error)s") % {"error": exc}) from exc
    if not numbered:
        raise Unreadable(_("The file is empty."))
    header_line, header = numbered[0]
    columns = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise Unreadable(
            _("The header row (line %(line)s) lacks the column(s): %(columns)s.")
            % {"line": header_line, "columns": ", ".join(missing)}
        )
    rows, seen = [], {}
    for line, cells in numbered[1:]:
        row = _row(line, cells, columns, today)
        if row.email and row.tier and not row.problems:
            first = seen.setdefault(row.key, line)
            if first != line:
                row.problems.append(_("Duplicate of line %(line)s.") % {"line": first})
        rows.append(row)
    return rows


def _filled(cells) -> bool:
    return any(cell.strip() for cell in cells)


def _row(line, cells, columns, today) -> CsvRow:
    def cell(name):
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    row = CsvRow(line=line)
    raw = {name: cell(name) for name in REQUIRED + OPTIONAL}
    formulas = [name for name, value in raw.items() if value.startswith(FORMULA_STARTS)]
    if formulas:
        row.problems.append(
            _("%(columns)s: starts like a spreadsheet formula.") % {"columns": ", ".join(formulas)}
        )
        return row
    for name in REQUIRED:
        if not raw[name]:
            row.problems.append(_("%(column)s is empty.") % {"column": name})
    row.email = raw["email"].lower()
    row.name = raw["name"]
    row.tier = raw["tier"].lower()
    row.handle = raw["handle"].lower()
    row.gitee, row.github = raw["gitee"], raw["github"]
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problems.append(_("email: not an email address."))
    if len(row.name) > 100:
        row.problems.append(_("name: longer than 100 characters."))
    if row.tier and not re.fullmatch(r"[a-z0-9-]{1,50}", row.tier):
        row.problems.append(_("tier: not a tier's slug."))
    row.awarded_on = _date(raw["awarded_on"], "awarded_on", row.problems)
    row.expires_on = _date(raw["expires_on"], "expires_on", row.problems)
    if row.awarded_on and row.awarded_on > today:
        row.problems.append(_("awarded_on: in the future."))
    if row.awarded_on and row.expires_on and row.expires_on <= row.awarded_on:
        row.problems.append(_("expires_on: not after awarded_on."))
    _check(row.handle, "handle", validate_slug, row.problems, max_length=40)
    _check(row.gitee, "gitee", forge_username, row.problems)
    _check(row.github, "github", forge_username, row.problems)
    return row


def _date(value, name, problems) -> datetime.date | None:
    if not value:
        return None
    if ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(_("%(column)s: not a date as YYYY-MM-DD.") % {"column": name})
    return None


def _check(value, name, validator, problems, max_length=39):
    if not value:
        return
    try:
        if len(value) > max_length:
            raise ValidationError("too long")
        validator(value)
    except ValidationError:
        problems.append(_("%(column)s: not a valid username or handle.") % {"column": name})
