"""``makemessages`` with a catalogue sorted by message and free of source locations.

Several people add strings at once; with locations and source order every extraction rewrote
hundreds of lines and every merge of ``django.po`` conflicted. Sorted by msgid, a new string is
one new entry in a stable place. New strings arrive untranslated, never with a guessed
("fuzzy") translation of a similar one, which reads as done and is wrong.
"""

from django.core.management.commands import makemessages

SORTED = ["--sort-output"]


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, *SORTED]
    msgmerge_options = [*makemessages.Command.msgmerge_options, *SORTED, "--no-fuzzy-matching"]
    msguniq_options = [*makemessages.Command.msguniq_options, *SORTED]
    msgattrib_options = [*makemessages.Command.msgattrib_options, *SORTED]

    def handle(self, *args, **options):
        options["no_location"] = True
        return super().handle(*args, **options)
