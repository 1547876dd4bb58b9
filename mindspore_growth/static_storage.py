"""Static files in production: whitenoise's compressed files with hashed names, each file's
address looked up once per process."""

import functools

from whitenoise.storage import CompressedManifestStaticFilesStorage

STATIC_ADDRESSES = 256  # the files pages name (a few dozen), with room to spare


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Every page names the same dozen files, and each look-up cleans, splits, finds and quotes
    the name again; the manifest does not change while the process runs, so each address is
    remembered (a name the manifest lacks raises, as before, and is not remembered)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._address = functools.lru_cache(maxsize=STATIC_ADDRESSES)(super().url)

    def url(self, name, force=False):
        return super().url(name, force) if force else self._address(name)
