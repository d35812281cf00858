"""The transactional tests' flush (tests/conftest.py) outlasts a deadlock with a write a live server
makes after its test ended: PostgreSQL aborts the TRUNCATE, the flush runs again and empties every table."""
from __future__ import annotations

import re
import threading
import time

import psycopg
import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_flush_deadlocked_by_a_late_write_is_retried(django_user_model):
    from django.core.management.color import no_style
    from django.db import connection
    from django.test import TransactionTestCase

    from config.services import url_for_database

    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    truncate = connection.ops.sql_flush(no_style(), tables)[0]
    order = re.findall(r'"([^"]+)"', truncate)  # the order the TRUNCATE takes its locks in
    first, last = order[0], order[-1]
    django_user_model.objects.create_user(username="left-behind", password="Left-Behind-2026")

    locked, failures = threading.Event(), []

    def late_writer():
        """Like a server finishing a disconnect: holds the last table, then reads the first one, which
        the waiting TRUNCATE already holds. PostgreSQL's deadlock check (1 s) aborts the TRUNCATE."""
        try:
            with psycopg.connect(url_for_database(connection.settings_dict)) as conn, conn.transaction():
                conn.execute(f'LOCK TABLE "{last}" IN ROW EXCLUSIVE MODE')
                locked.set()
                time.sleep(0.3)
                conn.execute(f'SELECT 1 FROM "{first}" LIMIT 1')
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
            locked.set()

    writer = threading.Thread(target=late_writer)
    writer.start()
    locked.wait(10)
    TransactionTestCase("__init__")._fixture_teardown()
    writer.join(10)
    assert not failures, failures
    assert not django_user_model.objects.exists()
