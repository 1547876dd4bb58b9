"""Signals this app sends to the apps above it, which it never imports.

``personal_data_requested`` (keyword argument ``user``): sent while ``personal_data_export``
collects everything the programme holds about ``user``. Apps above this one that keep personal
data (benefits: grants and shipping addresses) connect a receiver returning
``(section, data)``: the export's top-level key and JSON-ready data. A receiver that raises
fails the export, so nobody receives a partial copy believing it complete.
"""

from django.dispatch import Signal

personal_data_requested = Signal()
