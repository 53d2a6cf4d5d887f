"""The FY figures of bench-kpi.sh and bench-city.sh: one hand-written SQL query over the raw records (the yardstick)
and the same figures picked from a `counter report fy --format json`."""

KINDS = "'juminhyo-household','juminhyo-partial','juminhyo-personal','inkan','koseki-zenbu','koseki-kojin','fuhyo','kazei'"


def query(prefix, first="2025-04-01", last="2026-03-31"):
    """Net fee payments (count, yen, cashless count), preprinted cases, kiosk and all copies of the counted kinds,
    straight from the records; `prefix` is "" on a terminal's SQLite and "city_" on the city's PostgreSQL."""
    entry, event, log = f"{prefix}ledger_entry", f"{prefix}case_event", f"{prefix}certificate_log"
    net = (f"p.kind = 'payment' AND p.total_yen > 0 AND p.day BETWEEN '{first}' AND '{last}' "
           f"AND NOT EXISTS (SELECT 1 FROM {entry} c WHERE c.kind = 'cancellation' AND c.original_id = p.id)")
    return f"""
SELECT
 (SELECT COUNT(*) FROM {entry} p WHERE {net}),
 (SELECT COALESCE(SUM(p.total_yen), 0) FROM {entry} p WHERE {net}),
 (SELECT COUNT(*) FROM {entry} p WHERE {net} AND p.method = 'cashless'),
 (SELECT COUNT(*) FROM {event} WHERE kind = 'caseStarted' AND style = 'preprinted' AND day BETWEEN '{first}' AND '{last}'),
 (SELECT COALESCE(SUM(copies), 0) FROM {log} WHERE kind = 'issue' AND channel = 'kiosk' AND certificate_kind IN ({KINDS}) AND day BETWEEN '{first}' AND '{last}'),
 (SELECT COALESCE(SUM(copies), 0) FROM {log} WHERE kind = 'issue' AND certificate_kind IN ({KINDS}) AND day BETWEEN '{first}' AND '{last}');
"""


def ours(figures):
    """The same six figures from a report's JSON."""
    return (figures["payments"]["count"], figures["payments"]["amount"], figures["cashlessPayments"]["count"],
            figures["cases"]["preprinted"], figures["kioskShare"]["numerator"] - figures["convenienceCopies"],
            figures["kioskShare"]["denominator"] - figures["convenienceCopies"])


def timed(argv, runs):
    """The median milliseconds of `runs` whole processes, and the last one's stdout."""
    import statistics, subprocess, time
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), out
