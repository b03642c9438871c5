#!/usr/bin/python3
"""Prints JSON test vectors made by the DataStax Python driver's own codec (python3-cassandra): value
serializations per CQL type and request frames. The C# tests compare against them."""
import datetime, ipaddress, json, uuid
from decimal import Decimal
from cassandra import cqltypes as T, ConsistencyLevel as CL
from cassandra.protocol import (_ProtocolHandler, StartupMessage, OptionsMessage, QueryMessage, PrepareMessage,
                                ExecuteMessage, AuthResponseMessage, RegisterMessage)
from cassandra.murmur3 import murmur3

def ser(cls, v):
    return cls.serialize(v, 4).hex()

values = [
    ("ascii", "ascii", "hello"),
    ("text", "text", "Grüße €"),
    ("blob", "blob", "00ff10"),
    ("boolean", "boolean", True),
    ("int", "int", -42),
    ("bigint", "bigint", -9223372036854775807),
    ("counter", "counter", 123456789012),
    ("timestamp", "timestamp", 1700000000123),
    ("uuid", "uuid", "123e4567-e89b-12d3-a456-426614174000"),
    ("timeuuid", "timeuuid", "e0f6a6c0-8a2b-11ee-b9d1-0242ac120002"),
    ("inet4", "inet", "10.1.2.3"),
    ("inet6", "inet", "2001:db8::1"),
    ("varint", "varint", -129),
    ("varint_big", "varint", 123456789012345678901234567890),
    ("double", "double", 3.5),
    ("float", "float", -1.25),
    ("list_text", "list<text>", ["a", "bc"]),
    ("set_int", "set<int>", [1, 2, 3]),
    ("map_text_text", "map<text,text>", {"class": "SimpleStrategy", "replication_factor": "3"}),
]
classes = {"ascii": T.AsciiType, "text": T.UTF8Type, "blob": T.BytesType, "boolean": T.BooleanType, "int": T.Int32Type,
           "bigint": T.LongType, "counter": T.CounterColumnType, "timestamp": T.DateType, "uuid": T.UUIDType,
           "timeuuid": T.TimeUUIDType, "inet": T.InetAddressType, "varint": T.IntegerType, "double": T.DoubleType, "float": T.FloatType,
           "list<text>": T.ListType.apply_parameters([T.UTF8Type]), "set<int>": T.SetType.apply_parameters([T.Int32Type]),
           "map<text,text>": T.MapType.apply_parameters([T.UTF8Type, T.UTF8Type])}
out = {"values": []}
for name, typ, v in values:
    py = v
    if typ == "blob": py = bytes.fromhex(v)
    if typ == "timestamp": py = datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=v)
    if typ in ("uuid", "timeuuid"): py = uuid.UUID(v)
    if typ == "set<int>": py = set(v)
    out["values"].append({"name": name, "type": typ, "value": v if not isinstance(v, int) or abs(v) < 2**53 else str(v), "hex": ser(classes[typ], py)})

def with_values(msg, values):
    msg.query_params = values          # QueryMessage carries bound values the same way ExecuteMessage does
    return msg

def frame(msg, stream=1, version=4):
    return _ProtocolHandler.encode_message(msg, stream, version, None, False).hex()

out["frames"] = {
    "options": frame(OptionsMessage(), 0),
    "startup": frame(StartupMessage(cqlversion="3.0.0", options={}), 0),
    "auth_response": frame(AuthResponseMessage(b"\x00cassandra\x00secret"), 2),
    "query_simple": frame(QueryMessage("SELECT release_version FROM system.local", CL.ONE), 5),
    "query_paged": frame(QueryMessage("SELECT * FROM t", CL.LOCAL_QUORUM, fetch_size=5000, paging_state=b"\xde\xad\xbe\xef"), 7),
    "query_values": frame(with_values(QueryMessage("SELECT * FROM t WHERE k = ?", CL.LOCAL_ONE), [T.Int32Type.serialize(7, 4)]), 3),
    "prepare": frame(PrepareMessage("SELECT key FROM t WHERE token(key) > ?"), 9),
    "execute": frame(ExecuteMessage(b"\x01\x02\x03\x04", [T.LongType.serialize(-5, 4), None], CL.LOCAL_ONE, fetch_size=100), 11),
    "query_v3": frame(QueryMessage("SELECT now() FROM system.local", CL.ONE), 4, 3),
}
print(json.dumps(out))
