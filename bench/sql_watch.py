"""Times every SQL statement an engine runs, and explains the slow ones (for bench/scale.py)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, event

EXPLAINABLE = ("SELECT", "WITH", "UPDATE", "INSERT", "DELETE")


class Statements:
    """Statements run while ``recording`` is on: the longest time each took, and its parameters."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seen: dict[str, tuple[float, Any]] = {}
        self.recording = False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(
        self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        took = (time.perf_counter() - conn.info["bench_started"].pop()) * 1000
        wanted = self.recording and not many
        if wanted and statement.lstrip().upper().startswith(EXPLAINABLE):
            longest = self.seen.get(statement, (-1.0, None))[0]
            self.seen[statement] = max(
                (longest, parameters), (took, parameters), key=lambda t: t[0]
            )

    def slowest(self, count: int = 4) -> list[tuple[float, str, Any]]:
        ranked = sorted(((ms, sql, p) for sql, (ms, p) in self.seen.items()), reverse=True)
        return ranked[:count]

    def plans(self, count: int = 4) -> list[dict[str, Any]]:
        """The query plans of the slowest statements recorded (EXPLAIN runs nothing)."""
        out = []
        for ms, sql, parameters in self.slowest(count):
            out.append(
                {
                    "ms": round(ms, 1),
                    "sql": " ".join(sql.split()),
                    "plan": self.explain(sql, parameters),
                }
            )
        return out

    def explain(self, sql: str, parameters: Any) -> list[str]:
        sqlite = self.engine.dialect.name == "sqlite"
        prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(prefix + sql, parameters)
            rows = cursor.fetchall()
            raw.rollback()
        finally:
            raw.close()
        return [f"{row[1]}→{row[3]}" if sqlite else str(row[0]) for row in rows]
