#!/usr/bin/python3
"""thriftpy (python3-thriftpy, parsing cassandra.thrift itself) running the benchmark's range scans: the same
token ranges, page size and concurrency as the C# count, paging from the last key as Cassandra's own reader
does. Prints {"rows": N, "seconds": S}.
Usage: thriftpy_count.py DEFINITION PORT RANGES.json CONCURRENCY PAGE_SIZE"""
import json, sys, threading, time
from concurrent.futures import ThreadPoolExecutor
import thriftpy
from thriftpy.rpc import make_client
from thriftpy.protocol import TBinaryProtocolFactory
from thriftpy.transport import TFramedTransportFactory

definition, port, ranges_file, concurrency, page_size = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
C = thriftpy.load(definition, module_name="cassandra_thrift")
local = threading.local()


def client(host):
    clients = getattr(local, "clients", None)
    if clients is None:
        clients = local.clients = {}
    if host not in clients:
        c = make_client(C.Cassandra, host, port, proto_factory=TBinaryProtocolFactory(strict_read=True, strict_write=True, decode_response=False),
                        trans_factory=TFramedTransportFactory(), timeout=60000)
        c.set_keyspace("Orchestration")
        clients[host] = c
    return clients[host]


def count(r):
    start, end, host = r
    c = client(host)
    parent = C.ColumnParent(column_family="SessionIDServerInfo")
    predicate = C.SlicePredicate(column_names=[b"node_id"])
    counts, last = {}, None
    while True:
        keys = C.KeyRange(start_token=start, end_token=end, count=page_size) if last is None \
            else C.KeyRange(start_key=last, end_token=end, count=page_size)
        page = c.get_range_slices(parent, predicate, keys, C.ConsistencyLevel.ONE)
        fresh = page[1:] if last is not None and page and page[0].key == last else page
        for row in fresh:
            for col in row.columns:
                if col.column.name == b"node_id":
                    counts[col.column.value] = counts.get(col.column.value, 0) + 1
        if len(page) < page_size or not fresh:
            return counts
        last = page[-1].key


with open(ranges_file) as fh:
    ranges = json.load(fh)
begin = time.perf_counter()
total = {}
with ThreadPoolExecutor(max_workers=concurrency) as pool:
    for counts in pool.map(count, ranges):
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
print(json.dumps({"rows": sum(total.values()), "seconds": time.perf_counter() - begin}))
