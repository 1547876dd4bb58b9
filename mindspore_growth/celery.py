"""The Celery app: configured from Django settings (``CELERY_`` namespace), tasks autodiscovered.

Tasks subclass Celery's ``DjangoTask``, so ``task.delay_on_commit()`` queues a task only once the
surrounding transaction commits; a rolled-back transaction never sends anything.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")

app = Celery("mindspore_growth", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.include = ["mindspore_growth.tasks"]
