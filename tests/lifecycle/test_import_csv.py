"""Reading the CSV of existing certifications, case by case: encodings, columns, blank lines,
spreadsheet formulas, dates, duplicates, size. Pure: no database."""

import datetime
import tracemalloc

import pytest

from honor_wall.import_csv import MAX_BYTES, Unreadable, read

TODAY = datetime.date(2026, 11, 26)
HEADER = "email,name,tier,awarded_on\n"


def rows(text, encoding="utf-8"):
    return read(text.encode(encoding), today=TODAY)


def test_a_plain_utf8_file():
    (row,) = rows(HEADER + "Ada@Example.org,Ada Lovelace,excellent-developer,2024-03-05\n")

    assert (row.line, row.email, row.name, row.tier, row.awarded_on, row.problems) == (
        2,
        "ada@example.org",
        "Ada Lovelace",
        "excellent-developer",
        datetime.date(2024, 3, 5),
        [],
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_utf8_with_or_without_bom_and_gbk_from_excel_read_the_same(encoding):
    (row,) = rows(HEADER + "li@example.org,李雷,evangelist,2023-07-01\n", encoding)

    assert row.name == "李雷"
    assert row.email == "li@example.org"  # the BOM is not part of the first column's name
    assert row.problems == []


def test_columns_in_any_order_with_extra_columns_ignored():
    text = (
        "Tier, Notes ,awarded_on,NAME,github,Email,expires_on,handle,gitee\n"
        "senior-developer,met at HDC,2024-01-02,Grace,grace-gh,grace@example.org,2026-01-02,"
        "grace,grace_gitee\n"
    )

    (row,) = rows(text)

    assert (row.tier, row.name, row.email, row.github, row.gitee, row.handle) == (
        "senior-developer",
        "Grace",
        "grace@example.org",
        "grace-gh",
        "grace_gitee",
        "grace",
    )
    assert row.expires_on == datetime.date(2026, 1, 2)
    assert row.problems == []


def test_blank_lines_are_skipped_and_lines_keep_their_numbers():
    text = "\n" + HEADER + "\n  \n,,,\na@example.org,A,evangelist,2024-01-01\n\r\n"

    (row,) = rows(text)

    assert row.line == 6


def test_windows_line_endings():
    text = HEADER.replace("\n", "\r\n") + "a@example.org,A,evangelist,2024-01-01\r\n"

    assert rows(text)[0].problems == []


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ('"=HYPERLINK(""http://evil.example"",""click"")"', "name"),
        ("+1+1", "name"),
        ("-2+3", "name"),
        ("@SUM(A1)", "name"),
        ('"\t=cmd"', "name"),  # spaces and tabs around a cell are dropped first
    ],
)
def test_a_cell_a_spreadsheet_would_run_refuses_the_row(cell, column):
    (row,) = rows(HEADER + f"a@example.org,{cell},evangelist,2024-01-01\n")

    assert row.problems == [f"{column}: starts like a spreadsheet formula."]


def test_a_formula_in_an_optional_column_is_refused_too():
    (row,) = rows("email,name,tier,awarded_on,handle\na@example.org,A,evangelist,2024-01-01,=1\n")

    assert row.problems == ["handle: starts like a spreadsheet formula."]


@pytest.mark.parametrize(
    ("awarded", "expires", "problem"),
    [
        ("2024/01/05", "", "awarded_on: not a date as YYYY-MM-DD."),
        ("2024-02-30", "", "awarded_on: not a date as YYYY-MM-DD."),
        ("20240105", "", "awarded_on: not a date as YYYY-MM-DD."),
        ("05-01-2024", "", "awarded_on: not a date as YYYY-MM-DD."),
        ("2026-11-27", "", "awarded_on: in the future."),
        ("2024-01-05", "2024-01-05", "expires_on: not after awarded_on."),
        ("2024-01-05", "next year", "expires_on: not a date as YYYY-MM-DD."),
        ("", "", "awarded_on is empty."),
    ],
)
def test_bad_dates_are_refused_with_the_column_named(awarded, expires, problem):
    text = (
        f"email,name,tier,awarded_on,expires_on\na@example.org,A,evangelist,{awarded},{expires}\n"
    )

    (row,) = rows(text)

    assert problem in row.problems


def test_the_leap_day_is_a_date():
    (row,) = rows(HEADER + "a@example.org,A,evangelist,2024-02-29\n")

    assert row.awarded_on == datetime.date(2024, 2, 29)


def test_a_duplicate_email_and_tier_is_refused_naming_the_first_line():
    text = HEADER + (
        "a@example.org,A,evangelist,2024-01-01\n"
        "b@example.org,B,evangelist,2024-01-01\n"
        "A@example.org,A again,evangelist,2025-01-01\n"
        "a@example.org,A,senior-developer,2024-01-01\n"
    )

    first, _b, duplicate, other_tier = rows(text)

    assert first.problems == []
    assert duplicate.problems == ["Duplicate of line 2."]
    assert other_tier.problems == []


def test_a_short_row_is_refused_whole_never_half_read():
    (row,) = rows(HEADER + "a@example.org,A\n")

    assert row.problems == ["tier is empty.", "awarded_on is empty."]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("not-an-email,A,evangelist,2024-01-01", "email: not an email address."),
        ("a@example.org,A,Evangelist Tier!,2024-01-01", "tier: not a tier's slug."),
        (
            "a@example.org," + "x" * 101 + ",evangelist,2024-01-01",
            "name: longer than 100 characters.",
        ),
    ],
)
def test_other_bad_cells_name_their_column(line, problem):
    (row,) = rows(HEADER + line + "\n")

    assert problem in row.problems


def test_a_bad_forge_username_names_its_column():
    text = "email,name,tier,awarded_on,github\na@example.org,A,evangelist,2024-01-01,no spaces\n"

    (row,) = rows(text)

    assert row.problems == ["github: not a valid username or handle."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\n\n  \n", "The file is empty."),
        (b"email,name,tier\na@example.org,A,evangelist\n", "lacks the column(s): awarded_on"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a text file."),
        (b"email,name\n\x81\x30", "neither UTF-8 nor GBK"),
    ],
)
def test_an_unreadable_file_says_why_in_one_line(data, message):
    with pytest.raises(Unreadable) as error:
        read(data, today=TODAY)

    assert message in str(error.value.message)
    assert "\n" not in str(error.value.message)


def test_more_than_10_mb_is_refused():
    data = HEADER.encode() + b"a@example.org,A,evangelist,2024-01-01\n" * (MAX_BYTES // 30)

    assert len(data) > MAX_BYTES
    with pytest.raises(Unreadable, match="larger than 10 MB"):
        read(data, today=TODAY)


def test_exactly_10_mb_is_read():
    line = b"a@example.org,A,evangelist,2024-01-01\n"
    body = HEADER.encode() + line
    # Filled with blank lines of spaces: as blank as empty ones, 1,024 times fewer to parse.
    blank = b" " * 1023 + b"\n"
    lines, rest = divmod(MAX_BYTES - len(body), len(blank))
    data = body + blank * lines + b"\n" * rest

    assert len(data) == MAX_BYTES
    assert len(read(data, today=TODAY)) == 1


def test_blank_lines_are_dropped_as_they_are_read_not_held():
    blank = 1024 * 1024  # a million blank lines, a tenth of what the size limit lets through
    data = HEADER.encode() + b"\n" * blank + b"a@example.org,A,evangelist,2024-01-01\n"

    tracemalloc.start()
    try:
        (row,) = read(data, today=TODAY)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert row.line == blank + 2 and row.problems == []
    # The text is held twice (decoded, and the reader's copy): about 2 MB. A row per blank line
    # held at once would be 80 bytes or more each.
    assert peak < 8 * 1024 * 1024
