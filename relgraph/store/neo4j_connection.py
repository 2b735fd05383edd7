"""Connecting to Neo4j: where and how (:class:`Neo4jSettings`), and the driver's
exceptions as one-line relgraph errors (:func:`map_driver_error`).

``NEO4J_URI`` (or the ``--store`` URI), ``NEO4J_USERNAME`` (default ``neo4j``),
``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` (default: the server's home database).
Credentials in the URI (``neo4j://user:pass@host``) are accepted and removed
from it. The password is never part of
:attr:`Neo4jStore.location <relgraph.store.neo4j.Neo4jStore.location>`, of any
error message or of ``repr()``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from relgraph.errors import StoreError, StoreUnavailable, UsageError

# The driver logs connection failures (e.g. "Unable to retrieve routing information") at ERROR;
# without a handler Python would print them to stderr next to relgraph's one-line error. A
# NullHandler stops that fallback; applications that configure logging still get the records.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

HINT = "is Neo4j running? start one with 'docker compose up -d' (see docs/neo4j.md)"


class _Secret:
    """A string that never shows itself in ``repr``/``str``."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "'***'"

    __str__ = __repr__


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to connect. ``repr`` hides the password."""

    uri: str
    username: str = "neo4j"
    password: _Secret | None = field(default=None, repr=True)
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, env: Mapping[str, str] | None = None) -> Neo4jSettings:
        """Settings from ``uri`` (else ``NEO4J_URI``) and ``NEO4J_USERNAME/PASSWORD/DATABASE``.

        Raises
        ------
        UsageError
            When no URI is given and ``NEO4J_URI`` is unset, or the URI is malformed.
        """
        env = os.environ if env is None else env
        raw = uri if uri not in (None, "", "neo4j") else env.get("NEO4J_URI", "")
        if not raw:
            raise UsageError("store location 'neo4j' needs NEO4J_URI (e.g. neo4j://localhost:7687)")
        username = env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j"
        password = env.get("NEO4J_PASSWORD")
        try:
            parts = urlsplit(raw)
            host = parts.hostname
            port = parts.port
        except ValueError:
            raise UsageError("invalid Neo4j URI (expected e.g. neo4j://localhost:7687)") from None
        if not parts.scheme or not host:
            raise UsageError("invalid Neo4j URI (expected e.g. neo4j://localhost:7687)")
        if parts.username:
            username = unquote(parts.username)
        if parts.password is not None:
            password = unquote(parts.password)
        netloc = host if ":" not in host else f"[{host}]"
        if port is not None:
            netloc += f":{port}"
        clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        return cls(
            uri=clean, username=username,
            password=_Secret(password) if password else None,
            database=env.get("NEO4J_DATABASE") or None,
        )

    def scrub(self, text: str) -> str:
        """``text`` with the password (if any) replaced by ``***``."""
        if self.password is not None and self.password.reveal():
            text = text.replace(self.password.reveal(), "***")
        return text


def map_driver_error(exc: BaseException, settings: Neo4jSettings, doing: str = "") -> StoreError:
    """Translate a ``neo4j`` driver exception into a one-line relgraph error.

    Unreachable server, bad credentials, unknown database -> :class:`StoreUnavailable`;
    everything else (transient errors, constraint violations, query errors) ->
    :class:`StoreError`. The password never appears in the message.
    """
    from neo4j import exceptions as ne

    where = settings.uri + (f" (database {settings.database})" if settings.database else "")
    what = f" while {doing}" if doing else ""
    text = exc.message if isinstance(exc, ne.Neo4jError) and exc.message else str(exc)
    detail = " ".join(str(text).split())  # one line
    code = getattr(exc, "code", "") or ""
    if isinstance(exc, ne.AuthError):
        extra = "" if settings.password is not None else "; NEO4J_PASSWORD is not set"
        msg = (f"Neo4j at {where} rejected the credentials of user {settings.username!r}"
               f" (check NEO4J_USERNAME / NEO4J_PASSWORD{extra})")
        out: StoreError = StoreUnavailable(msg)
    elif isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | ne.ConnectionAcquisitionTimeoutError):
        out = StoreUnavailable(f"cannot reach Neo4j at {where}{what}: {detail}; {HINT}")
    elif isinstance(exc, ne.ClientError) and "DatabaseNotFound" in code:
        out = StoreUnavailable(
            f"Neo4j at {settings.uri} has no database {settings.database!r} (check NEO4J_DATABASE)"
        )
    elif isinstance(exc, ne.TransientError):
        out = StoreError(
            f"Neo4j reported a transient error{what} ({code}): {detail}; nothing was "
            "committed, run the command again"
        )
    elif isinstance(exc, ne.ConfigurationError):
        out = StoreUnavailable(f"invalid Neo4j connection settings for {where}: {detail}")
    elif isinstance(exc, ne.Neo4jError):
        out = StoreError(f"Neo4j error{what} ({code}): {detail}")
    else:
        out = StoreError(f"Neo4j driver error{what}: {type(exc).__name__}: {detail}")
    return type(out)(settings.scrub(str(out)))
