"""Stable pseudonyms for maps (``--pseudonymize``).

Maps use the audit's pseudonyms (:func:`relgraph.pseudonyms.pseudonym`: a hash of
the person id keyed with the store's own secret, :func:`relgraph.pseudonyms.pseudonym_key`),
so a person has the same pseudonym in the maps and in the audit report of the same
store, and nobody without the store can recompute it from a list of ids. As in the
audit, titles are dropped (a title such as "CFO" names a person); unit names are kept.
"""

from __future__ import annotations

from relgraph.pseudonyms import pseudonym


class Pseudonyms:
    """Maps person ids to display names, ids and titles, real or pseudonymous.

    Parameters
    ----------
    names : dict
        Person id -> real name.
    enabled : bool
        Replace names and ids with pseudonyms and drop titles.
    salt : str
        The key of the pseudonyms (the store's secret, :func:`relgraph.pseudonyms.pseudonym_key`).
    """

    def __init__(self, names: dict[str, str], *, enabled: bool = False, salt: str = ""):
        self.names = names
        self.enabled = enabled
        self.salt = salt

    def name(self, person_id: str) -> str:
        """The name to show for ``person_id``."""
        if self.enabled:
            return pseudonym(person_id, self.salt)
        return self.names.get(person_id, person_id)

    def ident(self, person_id: str) -> str:
        """The id to show (ids can be e-mail addresses)."""
        return pseudonym(person_id, self.salt) if self.enabled else person_id

    def title(self, title: str) -> str:
        """The job title to show ("" when pseudonymised)."""
        return "" if self.enabled else title
