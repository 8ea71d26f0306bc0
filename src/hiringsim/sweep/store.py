"""The on-disk store of a sweep: one SQLite file (stdlib, no server, one file to copy).

While a sweep runs, SQLite keeps recent writes in ``<store>-wal`` (and an index in
``<store>-shm``) beside the file; they are folded into the store file when the sweep ends
(normally, on an error or on Ctrl-C) and when a crashed sweep is resumed or opened.  Between a
crash and the next open, copy all three files, or open the store once (``open_sweep``) first.
A path that holds anything but a sweep store (a text file, another SQLite database, a corrupted
file) is refused without being changed.

Why SQLite rather than a folder of Parquet parts: a transaction makes "point finished" atomic --
after a Ctrl-C, a SIGKILL or a lost worker the file holds exactly the points whose transaction
committed, so resuming loses nothing and duplicates nothing (primary keys forbid it); there are
no part files to reconcile, no extra dependency, and any SQL tool can read it.  A sweep keeps KPIs
only (a few numbers per run), so the file stays small: 10,000 runs x 10 KPIs is about 1 MB.

Tables (all written by the parent process only; workers return values):

- ``meta(key, value)``: format, the sweep spec (JSON), the base scenario (JSON), seed, versions;
- ``points(point_id, block, sample, <parameter columns>)``: the whole design, written at creation;
- ``finished(point_id, seconds, finished_utc)``: one row per point whose results are stored;
- ``results(point_id, replication, seed, <outcome columns>)``, keyed by (point_id, replication).

A point's ``finished`` row and its ``results`` rows are written in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .design import Point
from .spec import SweepError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .spec import Sweep

__all__ = ["FORMAT", "SweepStore"]

FORMAT = "hiringsim-sweep/1"


def _q(name: str) -> str:
    """An SQL identifier, quoted (parameter paths contain dots)."""
    return '"' + name.replace('"', '""') + '"'


@contextlib.contextmanager
def _transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": sys.version.split()[0]}
    for dist in ("hiringsim", "numpy", "scipy"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "unknown"
    return out


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


class SweepStore:
    """A sweep's SQLite file.  Use :meth:`create_or_resume` or :meth:`open`."""

    def __init__(self, path: str | Path, con: sqlite3.Connection):
        self.path = Path(path)
        self._con = con
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != FORMAT:
            raise SweepError([("store", f"not a sweep store of format {FORMAT} "
                                        f"(found {meta.get('format')!r})")], str(path))
        self.meta = meta
        try:
            self.parameters: list[str] = json.loads(meta["parameters"])
            self.outcome_names: list[str] = json.loads(meta["outcomes"])
            self.replications = int(meta["replications"])
            self.seed = int(meta["seed"])
        except (KeyError, ValueError) as exc:
            raise SweepError([("store", f"not a sweep store: its meta table is damaged ({exc})")],
                             str(path)) from None

    # -- opening ---------------------------------------------------------------------------
    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        con = sqlite3.connect(path, timeout=60, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")    # readers (progress, tests) never block writes
        con.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes
        return con

    @staticmethod
    def inspect(path: str | Path) -> bool:
        """Whether ``path`` holds a sweep store (False: nothing, or an empty file, to create
        one in); anything else is refused (:class:`SweepError`), read-only, without changing
        it: a directory, a text file, another SQLite database, a damaged store."""
        path = Path(path)

        def refuse(why: str) -> SweepError:
            return SweepError([("store", f"not a sweep store: {why}; it was left unchanged "
                                         "(give another store path)")], str(path))

        if not path.exists():
            return False
        if not path.is_file():
            raise refuse("not a regular file")
        if path.stat().st_size == 0:
            return False
        # read-only; without a -wal beside it the file is all there is: read it as immutable,
        # so that no -wal or -shm file is made beside someone else's database
        wal = Path(f"{path}-wal").exists()
        try:
            con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro"
                                  + ("" if wal else "&immutable=1"), uri=True)
        except sqlite3.Error as exc:
            raise refuse(f"cannot be opened ({exc})") from None
        try:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            if "meta" not in tables:
                raise refuse(f"an SQLite database with other tables ({', '.join(tables)})"
                             if tables else "an empty SQLite database")
            row = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None or row[0] != FORMAT:
                raise refuse(f"its meta table has format {row[0] if row else None!r}, not "
                             f"{FORMAT!r}")
            check = con.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise refuse(f"the file is damaged ({check[0] if check else 'unreadable'})")
        except sqlite3.Error as exc:
            raise refuse(f"unreadable as SQLite ({exc})") from None
        finally:
            con.close()
        return True

    @classmethod
    def open(cls, path: str | Path) -> SweepStore:
        """Open an existing store (to read results, or to resume)."""
        path = Path(path)
        if not cls.inspect(path):
            raise SweepError([("store", "no such file" if not path.exists() else
                                        "an empty file, not a sweep store")], str(path))
        con = None
        try:
            con = cls._connect(path)
            store = cls(path, con)
            store.checkpoint()
            return store
        except sqlite3.Error as exc:
            if con is not None:
                con.close()
            raise SweepError([("store", f"not a sweep store ({exc})")], str(path)) from None

    @classmethod
    def create_or_resume(cls, path: str | Path, sweep: Sweep,
                         points: Sequence[Point] | None = None) -> SweepStore:
        """Open the store for ``sweep``, creating it with the design if it does not exist.

        An existing store must have been made by the same sweep (spec, seed and base scenario);
        otherwise :class:`SweepError` explains what differs.  ``points`` (the design) is only
        computed and written when the store is new.
        """
        from .design import design_points

        path = Path(path)
        resume = cls.inspect(path)    # refuses anything but a sweep store, unchanged
        path.parent.mkdir(parents=True, exist_ok=True)
        con = None
        try:
            con = cls._connect(path)
            with _transaction(con):
                exists = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' "
                                     "AND name='meta'").fetchone()
                if not exists and not resume:
                    cls._create(con, sweep, points if points is not None
                                else design_points(sweep))
            store = cls(path, con)
            if resume:
                store.checkpoint()     # a crashed run's results: from the -wal into the file
        except sqlite3.Error as exc:
            if con is not None:
                con.close()
            raise SweepError([("store", f"not a sweep store ({exc})")], str(path)) from None
        except BaseException:
            if con is not None:
                con.close()
            raise
        try:
            store._check_matches(sweep)
        except BaseException:
            store.close()
            raise
        return store

    @staticmethod
    def _create(con: sqlite3.Connection, sweep: Sweep, points: Sequence[Point]) -> None:
        names = [p.path for p in sweep.parameters]
        pcols = "".join(f", {_q(n)}" for n in names)
        ocols = "".join(f", {_q(o)} REAL" for o in sweep.outcomes)
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.execute("CREATE TABLE points (point_id INTEGER PRIMARY KEY, block TEXT NOT NULL, "
                    f"sample INTEGER NOT NULL{pcols})")
        con.execute("CREATE TABLE finished (point_id INTEGER PRIMARY KEY REFERENCES points, "
                    "seconds REAL, finished_utc TEXT)")
        con.execute("CREATE TABLE results (point_id INTEGER NOT NULL REFERENCES points, "
                    f"replication INTEGER NOT NULL, seed INTEGER NOT NULL{ocols}, "
                    "PRIMARY KEY (point_id, replication))")
        meta = {
            "format": FORMAT,
            "name": sweep.name,
            "spec": json.dumps(sweep.spec()),   # parameter order matters: not sorted
            "base_scenario": sweep.base.to_json() if sweep.base is not None else "null",
            "base_source": str(sweep.base.source) if sweep.base is not None else "",
            "seed": str(sweep.seed),
            "replications": str(sweep.replications),
            "parameters": json.dumps(names),
            "outcomes": json.dumps(list(sweep.outcomes)),
            "n_points": str(len(points)),
            "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "versions": json.dumps(_versions()),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        marks = ", ".join("?" * (3 + len(names)))
        con.executemany(f"INSERT INTO points VALUES ({marks})",
                        [(p.point_id, p.block, p.sample, *(p.values[n] for n in names))
                         for p in points])

    def _check_matches(self, sweep: Sweep) -> None:
        stored = json.loads(self.meta["spec"])
        now = json.loads(json.dumps(sweep.spec()))   # as stored: tuples become lists
        diffs = [f"{k}: {stored.get(k)!r} in the store, {now.get(k)!r} now"
                 for k in sorted(set(stored) | set(now))
                 if stored.get(k) != now.get(k) and k != "parameters"]
        if list(stored.get("parameters", {}).items()) != list(now["parameters"].items()):
            diffs.append("parameters differ (names, order, ranges or distributions)")
        base_now = sweep.base.to_json() if sweep.base is not None else "null"
        if _canonical(json.loads(self.meta["base_scenario"])) != _canonical(json.loads(base_now)):
            diffs.append("the base scenario changed since the store was made")
        if diffs:
            raise SweepError([("store", "was made by a different sweep, so it cannot be resumed: "
                                        + "; ".join(diffs)
                                        + ". Use another store path, or delete this file to "
                                        "start again")], str(self.path))

    def checkpoint(self) -> None:
        """Fold the ``-wal`` file into the store file (best effort: skipped while another
        connection is writing)."""
        with contextlib.suppress(sqlite3.Error):
            self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Checkpoint and close: the store file alone then holds every finished point."""
        self.checkpoint()
        self._con.close()

    def __enter__(self) -> SweepStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    def write(self, finished: Sequence[tuple[int, float, Sequence[Sequence[Any]]]]) -> int:
        """Store finished points ``(point_id, seconds, rows)`` in one transaction.

        ``rows`` are ``(replication, seed, *outcomes)``.  A point already stored is skipped
        (a task that ran twice, e.g. after a lost worker).  Returns how many points were new.
        """
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        marks = ", ".join("?" * (3 + len(self.outcome_names)))
        new = 0
        with _transaction(self._con) as con:
            for point_id, seconds, rows in finished:
                cur = con.execute("INSERT OR IGNORE INTO finished VALUES (?, ?, ?)",
                                  (point_id, seconds, now))
                if cur.rowcount == 0:
                    continue
                con.executemany(f"INSERT INTO results VALUES ({marks})",
                                [(point_id, *row) for row in rows])
                new += 1
        return new

    # -- reading ----------------------------------------------------------------------------
    def finished_ids(self) -> set[int]:
        return {r[0] for r in self._con.execute("SELECT point_id FROM finished")}

    def n_points(self) -> int:
        return int(self.meta["n_points"])

    def points(self) -> list[Point]:
        """The stored design, in point order."""
        cols = ", ".join(["point_id", "block", "sample", *map(_q, self.parameters)])
        out = []
        for row in self._con.execute(f"SELECT {cols} FROM points ORDER BY point_id"):
            out.append(Point(row[0], row[1], row[2],
                             dict(zip(self.parameters, row[3:], strict=True))))
        return out

    def design_frame(self) -> pd.DataFrame:
        """The design: one row per point, indexed by point_id."""
        import pandas as pd

        cols = ["point_id", "block", "sample", *self.parameters]
        rows = self._con.execute(f"SELECT {', '.join(map(_q, cols))} FROM points "
                                 "ORDER BY point_id").fetchall()
        return pd.DataFrame.from_records(rows, columns=cols).set_index("point_id")

    def outcomes_frame(self) -> pd.DataFrame:
        """Stored results: point_id, replication, seed and the outcomes, sorted."""
        import pandas as pd

        cols = ["point_id", "replication", "seed", *self.outcome_names]
        rows = self._con.execute(f"SELECT {', '.join(map(_q, cols))} FROM results "
                                 "ORDER BY point_id, replication").fetchall()
        df = pd.DataFrame.from_records(rows, columns=cols)
        for c in ("point_id", "replication", "seed"):
            df[c] = df[c].astype("int64")
        for o in self.outcome_names:
            df[o] = df[o].astype("float64")   # SQLite keeps NaN as NULL: back to NaN
        return df
