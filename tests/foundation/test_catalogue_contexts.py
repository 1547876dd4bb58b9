"""English words with two meanings carry a message context, so Chinese can tell them apart.

The source is extracted as ``make catalogue`` does (templates through Django's ``templatize``,
then xgettext with Django's keywords), with locations, and every use of a known ambiguous msgid
must come with a ``msgctxt``.
"""

import pathlib
import shutil
import subprocess

import polib
import pytest
from django.utils.translation.template import templatize

ROOT = pathlib.Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "tests", "benchmarks", "var", ".git", "staticfiles", "media"}

# msgid: what its meanings are. Each meaning is a context of its own in the catalogue.
AMBIGUOUS = {
    "Apply": "apply for a certification / apply a bulk action",
    "Claim": "claim a benefit / claim an application to review",
    "Claimed": "a benefit claimed / the queue's claimed-by filter",
    "open": "an offer open to claims / an open issue or pull request",
    "Withdraw": "withdraw an application / withdraw a declared conflict",
}

# Django's makemessages keywords for the "django" domain.
KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]


def extract(tmp_path) -> polib.POFile:
    inputs = []
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in SKIP or not path.is_file():
            continue
        if path.suffix == ".py":
            inputs.append(str(path))
        elif path.suffix in {".html", ".txt", ".svg"}:
            copy = tmp_path / (str(relative).replace("/", "__") + ".py")
            copy.write_text(templatize(path.read_text(), origin=str(relative)))
            inputs.append(str(copy))
    result = subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", *KEYWORDS, "--output=-", *inputs],
        capture_output=True,
        text=True,
        check=True,
    )
    return polib.pofile(result.stdout)


@pytest.fixture(scope="module")
def extraction(tmp_path_factory):
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext (GNU gettext) is needed, as for make catalogue")
    return extract(tmp_path_factory.mktemp("extraction"))


def test_every_use_of_an_ambiguous_word_carries_a_context(extraction):
    bare = {
        entry.msgid: sorted(location for location, _line in entry.occurrences)
        for entry in extraction
        if entry.msgid in AMBIGUOUS and not entry.msgctxt
    }

    assert bare == {}, "give these a context (pgettext / translate … context …)"


def test_each_meaning_has_its_own_translation():
    catalogue = polib.pofile(str(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))

    for msgid in AMBIGUOUS:
        translations = {e.msgctxt: e.msgstr for e in catalogue if e.msgid == msgid and e.msgctxt}
        assert len(set(translations.values())) >= 2, (msgid, translations)


def test_the_extraction_sees_contexts_and_bare_words(extraction):
    """The check above would pass vacuously if the extraction found nothing."""
    found = {(entry.msgctxt, entry.msgid) for entry in extraction}

    assert ("bulk action button", "Apply") in found
    assert ("offer", "open") in found
    assert (None, "Wall of Honor") in found


# --- One register: 你 on screen, 您 in emails ---------------------------------------------------
def _is_email(location: str) -> bool:
    name = pathlib.Path(location).name
    return "__templates__emails__" in name or "templates__account__email__" in name


def test_chinese_says_nin_in_emails_and_ni_on_screen(extraction):
    """Emails are letters, formal (您); the interface speaks to you as you work (你). A message
    used in both places must not address the reader at all."""
    catalogue = polib.pofile(str(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    chinese = {(entry.msgctxt, entry.msgid): entry for entry in catalogue}
    wrong = []
    for entry in extraction:
        translated = chinese.get((entry.msgctxt, entry.msgid))
        if translated is None:
            continue
        text = translated.msgstr + "".join(translated.msgstr_plural.values())
        places = {_is_email(location) for location, _line in entry.occurrences}
        if places == {True} and "你" in text:
            wrong.append(("email says 你", entry.msgid))
        if places == {False} and "您" in text:
            wrong.append(("screen says 您", entry.msgid))
        if places == {True, False} and ("你" in text or "您" in text):
            wrong.append(("shared by both", entry.msgid))

    assert wrong == []


def test_the_register_check_sees_both_kinds_of_place(extraction):
    places = {_is_email(location) for entry in extraction for location, _ in entry.occurrences}

    assert places == {True, False}
