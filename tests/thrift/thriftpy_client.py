#!/usr/bin/python3
"""An independent Thrift client for the stand-in: python3-thriftpy parses cassandra.thrift itself at run
time (no generated code shared with the stand-in). Usage: thriftpy_client.py DEFINITION HOST PORT KEYSPACE.
Prints the interface version, the ring's size and the rows of SessionIDServerInfo, one line each."""
import sys
import thriftpy
from thriftpy.rpc import make_client
from thriftpy.protocol import TBinaryProtocolFactory
from thriftpy.transport import TFramedTransportFactory

definition, host, port, keyspace = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = thriftpy.load(definition, module_name="cassandra_thrift")
client = make_client(c.Cassandra, host, port, proto_factory=TBinaryProtocolFactory(strict_read=True, strict_write=True),
                     trans_factory=TFramedTransportFactory())
print(client.describe_version())
print(len(client.describe_ring(keyspace)))
client.set_keyspace(keyspace)
predicate = c.SlicePredicate(slice_range=c.SliceRange(start=b"", finish=b"", reversed=False, count=10))
rows = client.get_range_slices(c.ColumnParent(column_family="SessionIDServerInfo"), predicate,
                               c.KeyRange(start_token="-1", end_token=str(2 ** 127), count=100000), c.ConsistencyLevel.ONE)
print(len(rows))
