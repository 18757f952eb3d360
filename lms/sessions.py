"""Sessions in the database, as Django's own `db` engine, read with one plain SQL query (see foundation.plain_sql).

Every signed-in page reads its session. Rows, expiry, logout (the row is deleted, so a copied cookie
stops working at once) and `clearsessions` are Django's; only the read is cheaper.
"""
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

from foundation import plain_sql


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model, key = self.model, self.session_key
        if key:
            alias = router.db_for_read(model)
            quote = connections[alias].ops.quote_name
            sql = (
                f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "
                f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
            )
            rows = plain_sql.fetch(sql, [key, plain_sql.db_datetime(timezone.now(), alias=alias)], alias=alias)
            if rows:
                return model(session_key=key, session_data=rows[0][0])
        self._session_key = None
        return None
