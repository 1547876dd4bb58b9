"""The development email backend: one line per email on the console, the whole email in a file.

Django's console backend prints every email in full, which buries the server's log under
`make run`. Here each email is one line naming who it is for, its subject and the file under
``EMAIL_FILE_PATH`` (``var/mail/`` by default) that holds it as a standard .eml message.
"""

import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class DevelopmentEmailBackend(BaseEmailBackend):
    _lock = threading.Lock()
    _sequence = 0

    def __init__(self, *, file_path=None, stream=None, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)
        self.stream = stream or sys.stdout

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            path = self.directory / f"{self._next_name()}.eml"
            path.write_bytes(message.message().as_bytes())
            recipients = ", ".join(message.recipients())
            subject = " ".join(str(message.subject).split())
            with self._lock:
                self.stream.write(f"email to {recipients}: {subject} [{path}]\n")
                self.stream.flush()
            sent += 1
        return sent

    def _next_name(self) -> str:
        with self._lock:
            DevelopmentEmailBackend._sequence += 1
            sequence = DevelopmentEmailBackend._sequence
        return f"{timezone.now():%Y%m%d-%H%M%S}-{sequence:04d}"
