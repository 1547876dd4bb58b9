"""What the development set-up (`make run`) derives from how it is started. No Django imports:
settings read it."""


def site_url_for(address: str) -> str:
    """The address people open for a development server bound to ``address`` (runserver's
    ``[host:]port``): "127.0.0.1:8101" → "http://127.0.0.1:8101", "8101" → "http://127.0.0.1:8101",
    "0.0.0.0:8101" → "http://127.0.0.1:8101" (listening everywhere, opened locally)."""
    address = address.strip()
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        raise ValueError(f"not a [host:]port address: {address!r}")
    if host in ("", "0.0.0.0", "[::]", "::"):  # noqa: S104 (an address parsed, nothing bound)
        host = "127.0.0.1"
    return f"http://{host}:{port}"
