"""``makemessages`` with a catalogue sorted by message and free of source locations.

Several people add strings at once; with locations and source order every extraction rewrote
hundreds of lines and every merge of ``django.po`` conflicted. Sorted by msgid, a new string is
one new entry in a stable place. New strings arrive untranslated, never with a guessed
("fuzzy") translation of a similar one, which reads as done and is wrong.
"""

import re
from pathlib import Path

from django.core.management.commands import makemessages

SORTED = ["--sort-output"]
POT_CREATION_DATE = re.compile(r'^"POT-Creation-Date: [^"]*"\n', re.MULTILINE)


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, *SORTED]
    msgmerge_options = [*makemessages.Command.msgmerge_options, *SORTED, "--no-fuzzy-matching"]
    msguniq_options = [*makemessages.Command.msguniq_options, *SORTED]
    msgattrib_options = [*makemessages.Command.msgattrib_options, *SORTED]

    def handle(self, *args, **options):
        options["no_location"] = True
        # A string removed from the code leaves the catalogue instead of lingering as "#~".
        options["no_obsolete"] = True
        return super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        """Write the catalogue without its ``POT-Creation-Date``: every extraction rewrote that
        header line, so two people's catalogues conflicted even when their strings did not."""
        super().write_po_file(potfile, locale)
        pofile = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        text = pofile.read_text(encoding="utf-8")
        pofile.write_text(POT_CREATION_DATE.sub("", text), encoding="utf-8")
