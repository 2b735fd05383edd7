"""Stable pseudonyms for maps (``--pseudonymize``).

Maps use the audit's pseudonyms (:func:`relgraph.audit.privacy.pseudonym`: a
keyed hash of the person id), so a person has the same pseudonym in the maps and
in the audit report, in every run with the same ``[audit] pseudonym_salt``.
Without a salt a pseudonym can be recomputed from a list of ids, so set one for
anything that leaves the audit team. As in the audit, titles are dropped (a
title such as "CFO" names a person); unit names are kept.
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
        Secret mixed into the pseudonyms.
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
