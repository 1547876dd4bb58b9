"""Outages for tests: ports where nothing listens, and Celery pointed at one."""

import contextlib
import socket
import threading

from kombu import pools as kombu_pools

from mindspore_growth.celery import app


def closed_port() -> int:
    """A local port that was just bound and closed: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _drop_from_kombu(pool):
    """Close a pool made for the dead broker and forget it in kombu's process-wide cache."""
    if pool is None:
        return
    pool.force_close_all()
    for group in (kombu_pools.connections, kombu_pools.producers):
        # EqualityDict stores hashed keys; drop them without hashing again.
        for hashed in [hashed for hashed, value in group.items() if value is pool]:
            dict.__delitem__(group, hashed)


@contextlib.contextmanager
def celery_broker_at(url: str):
    """Point Celery at ``url`` with eager mode off; the yielded callable restores it early.

    kombu caches connection and producer pools per broker URL for the whole process, so the
    pools in use before are put back as they were (closing them would break every later
    publish); only the pools made for the dead broker are closed.
    """
    saved_conf = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    saved_pool = app._pool
    saved_producer_pool = app.amqp._producer_pool
    revived = False

    def revive():
        nonlocal revived
        if revived:
            return
        revived = True
        dead_producer_pool, dead_pool = app.amqp._producer_pool, app._pool
        app.conf.update(saved_conf)
        app._pool = saved_pool
        app.amqp._producer_pool = saved_producer_pool
        _drop_from_kombu(dead_producer_pool)
        _drop_from_kombu(dead_pool)

    app._pool = None
    app.amqp._producer_pool = None
    app.conf.update(task_always_eager=False, broker_url=url)
    try:
        yield revive
    finally:
        revive()


class TcpRelay:
    """A local TCP relay to ``target`` that can be cut and restored: a real network outage
    between the site and Redis, on a port that stays the same."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = closed_port()
        self._listener = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        """Refuse new connections and break the open ones."""
        with self._lock:
            sockets, self._sockets = self._sockets, []
            listener, self._listener = self._listener, None
        for sock in [listener, *sockets]:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)
