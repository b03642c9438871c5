#!/usr/bin/python3
"""The real DataStax Python driver running the benchmark's range queries: the same statement, the same
token ranges, page size and concurrency as the C# scan. Prints {"rows": N, "nodes": {...}, "seconds": S}."""
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from cassandra.cluster import Cluster

def main():
    contact, port, ranges_file, concurrency, page_size, query = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    with open(ranges_file) as fh:
        ranges = json.load(fh)
    cluster = Cluster([contact], port=port, protocol_version=4, schema_metadata_enabled=False, token_metadata_enabled=False,
                      connect_timeout=10, executor_threads=concurrency)
    session = cluster.connect()
    session.default_fetch_size = page_size
    session.default_timeout = 60
    stmt = session.prepare(query)

    def count(r):
        counts = {}
        for row in session.execute(stmt, (r[0], r[1])):
            if row[0] == "node_id":
                counts[row[1]] = counts.get(row[1], 0) + 1
        return counts

    start = time.perf_counter()
    total = {}
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for c in pool.map(count, ranges):
            for k, v in c.items():
                total[k] = total.get(k, 0) + v
    seconds = time.perf_counter() - start
    print(json.dumps({"rows": sum(total.values()), "nodes": total, "seconds": seconds}))
    cluster.shutdown()

main()
