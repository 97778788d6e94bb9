#!/usr/bin/env python3
"""How many WAL frames one SQLite commit of the inbox writes, for the schema and variants of it.

A model, not the server: Python's sqlite3 with the tables of migrations V2, V9, V13 and db-scheduler's
scheduled_tasks (WAL, synchronous=NORMAL, no automatic checkpoint), 50,000 deliveries stored first,
then 2,000 commits of BATCH deliveries (a random id, a 2,400-byte deflated payload, a job row);
frames are counted from the WAL file's size. Each frame is one page and two pwrite calls.

    python3 bench/sqlite-frames.py base 1        # the schema as it is, one delivery a commit
    python3 bench/sqlite-frames.py wr_pint_norecv 3

Variant names combine: wr (scheduled_tasks WITHOUT ROWID), pint (payloads keyed by the delivery's
rowid instead of its id), norecv (no deliveries_received_at_idx). Results: docs/bench/webhook.md,
session 8.
"""
import os
import shutil
import sqlite3
import sys
import tempfile
import uuid

variant = sys.argv[1] if len(sys.argv) > 1 else "base"
batch = int(sys.argv[2]) if len(sys.argv) > 2 else 1
work = tempfile.mkdtemp()
path = os.path.join(work, variant + ".db")
c = sqlite3.connect(path, isolation_level=None)
c.execute("pragma journal_mode=wal")
c.execute("pragma synchronous=normal")
c.execute("pragma wal_autocheckpoint=0")
without_rowid = " WITHOUT ROWID" if "wr" in variant else ""
received_idx = "" if "norecv" in variant else (
    "CREATE INDEX deliveries_received_at_idx ON deliveries (received_at DESC);")
payload_key = "rid INTEGER PRIMARY KEY" if "pint" in variant else "id TEXT PRIMARY KEY"
c.executescript(f"""
CREATE TABLE deliveries (id TEXT PRIMARY KEY, event TEXT NOT NULL, action TEXT,
  received_at INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'pending', processed_at INTEGER,
  last_error TEXT);
{received_idx}
CREATE INDEX deliveries_status_idx ON deliveries (status);
CREATE TABLE delivery_payloads ({payload_key}, payload TEXT, deflated BLOB);
CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BLOB,
  execution_time INTEGER NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT, last_success INTEGER,
  last_failure INTEGER, consecutive_failures INT, last_heartbeat INTEGER, version BIGINT NOT NULL,
  priority SMALLINT, PRIMARY KEY (task_name, task_instance)){without_rowid};
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
""")
clock = [1_700_000_000_000]


def store(n):
    for _ in range(n):
        clock[0] += 1
        did = str(uuid.uuid4())
        row = c.execute(
            "INSERT INTO deliveries (id, event, action, received_at) VALUES (?, ?, ?, ?)",
            (did, "issues", "labeled", clock[0]))
        key = row.lastrowid if "pint" in variant else did
        c.execute("INSERT INTO delivery_payloads VALUES (?, NULL, ?)", (key, os.urandom(2400)))
        c.execute(
            "INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time,"
            " picked, version) VALUES ('process-delivery', ?, ?, ?, 0, 1)",
            (did, os.urandom(60), clock[0]))


c.execute("begin")
store(50_000)
c.execute("commit")
c.execute("pragma wal_checkpoint(truncate)")
commits = 2_000
for _ in range(commits):
    c.execute("begin")
    store(batch)
    c.execute("commit")
frames = os.path.getsize(path + "-wal") / (4096 + 24)
c.close()
shutil.rmtree(work)
print(f"{variant}: batch {batch}, {frames / commits:.2f} frames a commit")
