"""A stand-in Gitee and GitHub for development and the browser tests: the subset of their OAuth
and REST APIs that sign-in and the import use, answering for a few made-up people.

There is no internet on the development machines, and nobody should need a real OAuth app to
click "Sign in with Gitee" on a fresh clone. ``manage.py standin_forge`` serves it (``make run``
starts it and points ``GITEE_*``/``GITHUB_*`` at it); it refuses to start with ``DEBUG=false``.
It is not a mock of the tests: the tests' recorded answers live in ``tests/fixtures/forges``.
"""
