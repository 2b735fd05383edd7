"""Stable, keyed pseudonyms for people, shared by the audit outputs and the maps.

A pseudonym is a keyed hash of the person id. The key is a secret of the store: a
random 256-bit key created with the store (``relgraph init``, or the first ingest) and
kept in it, never printed. So pseudonyms are stable across the audits of one store
(trends still match) while nobody who lacks the store can recompute them from a list
of ids. ``RELGRAPH_PSEUDONYM_KEY`` overrides the stored key (e.g. to share pseudonyms
between stores, or for a store that cannot be written); ``[audit] pseudonym_salt`` in
relgraph.toml also does, for configurations written before stores held a key.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from typing import TYPE_CHECKING

from relgraph.errors import UsageError

if TYPE_CHECKING:
    from relgraph.store.base import Store

KEY_ENV = "RELGRAPH_PSEUDONYM_KEY"


def pseudonym(pid: str, salt: str = "") -> str:
    """Stable pseudonym of a person id: ``person-`` and 12 hex digits of a keyed BLAKE2b.

    48 bits: the chance that two of 100,000 people share a pseudonym is about 2e-5.
    The key (``salt``, at most 64 bytes used) must be secret: with an empty or known
    key anyone with the list of ids can recompute the mapping (see :func:`pseudonym_key`).
    """
    h = hashlib.blake2b(pid.encode(), key=salt.encode()[:64], digest_size=6).hexdigest()
    return f"person-{h}"


def new_key() -> str:
    """A fresh random key: 32 bytes from the OS's CSPRNG, as 64 hex digits."""
    return secrets.token_hex(32)


def pseudonym_key(store: Store | None, configured: str = "") -> str:
    """The key for pseudonyms: ``$RELGRAPH_PSEUDONYM_KEY``, else the configured salt,
    else the store's own key (created in the store if it has none yet).

    Raises
    ------
    UsageError
        When there is no key at all (no environment variable or salt, and no store,
        or a read-only store without a key).
    """
    env = os.environ.get(KEY_ENV, "")
    if env:
        return env
    if configured:
        return configured
    key = store.pseudonym_key() if store is not None else None
    if not key:
        raise UsageError(
            "pseudonyms need a secret key and the store has none (read-only or not given): "
            f"set {KEY_ENV}"
        )
    return key
