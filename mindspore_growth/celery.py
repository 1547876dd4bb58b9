"""The Celery app: configured from Django settings (``CELERY_`` namespace), tasks autodiscovered.

Work reaches Celery after the transaction that caused it commits: the outbox hands its rows over
from ``transaction.on_commit`` (``notifications.services``), and tasks subclass Celery's
``DjangoTask`` so ``task.delay_on_commit()`` does the same for anyone else. ``manage.py
celery_ping`` proves a worker really runs what is queued.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")

app = Celery("mindspore_growth", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.include = ["mindspore_growth.tasks"]
