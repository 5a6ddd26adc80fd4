"""The login of a running FollowUp on its team server, once the password was changed
there: the first refusal is noted, and no connection tries that password again (a view
reloading, a call logged, the change feed), since each try counts towards the server's
lock-out and none would change its answer. They fail at once instead, as while the
server is away, so what the rep logs is kept on the laptop meanwhile. A password she
types is used for every connection from then on, without a restart.

Set on the engine's ``do_connect``, as SQLAlchemy has a password that changes given."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine, event

from followup_desktop.store import login_refusals

NOT_TRIED = "not tried again until another password is typed: "


class TeamLogin:
    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        self._password: str | None = None  # typed by the rep, in place of the URL's
        self._refused = ""  # the server's words, while it refuses the password
        event.listen(engine, "do_connect", self._connect)

    @property
    def refused(self) -> str:
        """The server's refusal of the password in use ("" while none is known)."""
        with self._lock:
            return self._refused

    def typed(self, password: str) -> None:
        """A password the rep typed: the next connection tries it."""
        with self._lock:
            self._password, self._refused = password, ""

    def _connect(
        self, dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]
    ) -> Any:
        with self._lock:
            refused, password = self._refused, self._password
        errors = dialect.loaded_dbapi
        if refused:  # the driver's own error: kept as while the server is away
            raise errors.OperationalError(NOT_TRIED + refused)
        if password is not None:
            cparams["password"] = password
        try:
            return dialect.connect(*cargs, **cparams)
        except errors.OperationalError as error:
            if login_refusals.refuses_password(str(error)):
                with self._lock:
                    if self._password == password:  # none typed meanwhile
                        self._refused = str(error)
            raise
