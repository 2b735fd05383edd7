"""Stable pseudonyms for people, shared by the audit outputs and the maps."""

from __future__ import annotations

import hashlib


def pseudonym(pid: str, salt: str = "") -> str:
    """Stable pseudonym of a person id: ``person-`` and 12 hex digits of a keyed BLAKE2b.

    48 bits: the chance that two of 100,000 people share a pseudonym is about 2e-5.
    Without a secret salt anyone with the list of ids can recompute the mapping.
    """
    h = hashlib.blake2b(pid.encode(), key=salt.encode()[:64], digest_size=6).hexdigest()
    return f"person-{h}"
