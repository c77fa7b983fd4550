"""settings.SESSION_ENGINE: Django's database sessions, read with one plain SELECT.

Every signed-in request reads its session first. Built by the ORM, that read cost about 0.25 ms
of CPU here (the queryset, the lookups, the compiled SQL, the model), ten times the query itself
(docs/scale.md, "What one request costs"). The same row is read here with the same conditions
(the key, not expired) on the database the router names for reads of sessions; everything else
(saving, cycling the key, flushing, clearing expired rows) is Django's own.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        meta = model._meta
        column = {name: quote(meta.get_field(name).column) for name in ("session_key", "session_data", "expire_date")}
        sql = (
            f"SELECT {column['session_data']} FROM {quote(meta.db_table)} "  # noqa: S608  # nosec B608 — names from the model
            f"WHERE {column['session_key']} = %s AND {column['expire_date']} > %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
