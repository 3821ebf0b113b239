"""Values read from the records, kept in memory while the audit chain's head stands still.

Every write of a record appends to the audit chain and moves its head (`seq:hash`; a rolled-back
sequence number comes back with another hash), and what a session may see depends only on its
principal's clearance (`access.visibility`). So a value computed from the records under one
head, for one clearance, stays true until the next write, and a page that shows it again needs
one read of the head instead of the queries behind it. The head itself is read once per
transaction: `audit.record` forgets it as soon as the transaction appends an entry.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from nucsec.access.models import AuditHead
from nucsec.access.visibility import principal_of

Head = tuple[int, str]
V = TypeVar("V")

_MEMO = "nucsec_audit_head"


def head(session: Session) -> Head | None:
    """The audit chain's head as this session's transaction sees it (None: a database never
    written through nucsec). Pending changes are flushed first, so their entries count."""
    session.flush()
    connection = session.connection()
    transaction = connection.get_transaction()
    memo = connection.info.get(_MEMO)
    if memo is not None and memo[0] is transaction:
        return memo[1]
    row = connection.execute(select(AuditHead.last_seq, AuditHead.last_hash)).first()
    found = (int(row[0]), str(row[1])) if row else None
    connection.info[_MEMO] = (transaction, found)
    return found


def forget(connection: Connection) -> None:
    """Drop the head remembered for this connection (the transaction just moved it)."""
    connection.info.pop(_MEMO, None)


@event.listens_for(Engine, "rollback_savepoint")
def _forget_rolled_back(connection: Connection, _name: object, _context: object) -> None:
    forget(connection)  # entries appended inside the savepoint are gone, and the head is back


class HeadCache(Generic[V]):
    """A bounded, thread-safe map from (database, head, clearance, key) to a computed value.

    `per_clearance=False` is for aggregates computed over everything (an aggregate reader),
    which every caller gets alike. Values are shared between requests: keep them immutable.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = Lock()

    def get(
        self,
        session: Session,
        key: Hashable,
        compute: Callable[[], V],
        *,
        per_clearance: bool = True,
    ) -> V:
        current = head(session)
        if current is None:
            return compute()
        clearance = principal_of(session).clearance if per_clearance else None
        full = (str(session.get_bind().engine.url), current, clearance, key)
        with self._lock:
            if full in self._values:
                self._values.move_to_end(full)
                return self._values[full]
        value = compute()
        with self._lock:
            self._values[full] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
