#!/usr/bin/python3
"""
A CQL native protocol (v3/v4) test server for the OrsMigration tests, built on the DataStax Python
driver's own primitive writers, readers and type serializers (Debian package python3-cassandra; run it
with /usr/bin/python3). Loopback only, and it stops by itself after --seconds.

It imitates a small Cassandra ring: one listener per fake node (127.0.0.x addresses or several ports),
system.local / system.peers / system.peers_v2 / system_schema.keyspaces, CREATE KEYSPACE, and the two ORS
column families as CQL sees them (compact storage: key, column1, value) filled with generated sessions.
It honours page_size and paging_state, checks PasswordAuthenticator credentials, speaks TLS, and can be
told to answer chosen errors, stall, or drop the connection (fault rules in the config file).

Usage: cql_test_server.py CONFIG.json [--seconds N]. Prints one line "READY {json}" when listening.
"""
import argparse, asyncio, bisect, io, json, random, re, ssl, struct, sys, time, uuid
from cassandra.protocol import (write_int, write_short, write_string, write_longstring, write_stringmap,
                                write_stringmultimap, write_value, write_long, read_int, read_short, read_byte,
                                read_string, read_longstring, read_binary_longstring, read_stringmap, read_value)
from cassandra import cqltypes as T
from cassandra.murmur3 import murmur3

TYPE_IDS = {"ascii": 0x01, "bigint": 0x02, "blob": 0x03, "boolean": 0x04, "int": 0x09, "uuid": 0x0C,
            "varchar": 0x0D, "inet": 0x10, "double": 0x07}
TYPE_CLASSES = {"ascii": T.AsciiType, "bigint": T.LongType, "blob": T.BytesType, "boolean": T.BooleanType, "int": T.Int32Type,
                "uuid": T.UUIDType, "varchar": T.UTF8Type, "inet": T.InetAddressType, "double": T.DoubleType}


def ctype(spec):
    """'varchar' | ('set', 'varchar') | ('map', 'varchar', 'varchar') -> (option bytes, serializer class)"""
    if isinstance(spec, str):
        return struct.pack(">H", TYPE_IDS[spec]), TYPE_CLASSES[spec]
    kind, *args = spec
    sub = [ctype(a) for a in args]
    code = {"list": 0x20, "map": 0x21, "set": 0x22}[kind]
    cls = {"list": T.ListType, "map": T.MapType, "set": T.SetType}[kind].apply_parameters([c for _, c in sub])
    return struct.pack(">H", code) + b"".join(o for o, _ in sub), cls


def error_body(code, msg, extra=b""):
    f = io.BytesIO(); write_int(f, code); write_string(f, msg); f.write(extra); return f.getvalue()


class QueryError(Exception):
    def __init__(self, code, msg, extra=b""):
        self.code, self.msg, self.extra = code, msg, extra


def metadata(f, ks, table, cols, paging_state=None, no_metadata=False):
    flags = 0x0001 | (0x0002 if paging_state is not None else 0) | (0x0004 if no_metadata else 0)
    write_int(f, flags); write_int(f, len(cols))
    if paging_state is not None:
        write_int(f, len(paging_state)); f.write(paging_state)
    if no_metadata:
        return [ctype(spec)[1] for _, spec in cols]
    write_string(f, ks); write_string(f, table)
    classes = []
    for name, spec in cols:
        opt, cls = ctype(spec); write_string(f, name); f.write(opt); classes.append(cls)
    return classes


def rows_body(ks, table, cols, rows, paging_state=None, version=4, skip_metadata=False):
    f = io.BytesIO(); write_int(f, 2)
    classes = metadata(f, ks, table, cols, paging_state, skip_metadata)
    write_int(f, len(rows))
    for row in rows:
        for cls, v in zip(classes, row):
            write_value(f, None if v is None else cls.serialize(v, version))
    return f.getvalue()


class Ring:
    """The fake cluster: nodes with tokens, keyspaces, and the ORS session data."""

    def __init__(self, cfg):
        self.cfg = cfg
        rnd = random.Random(cfg.get("seed", 7))
        num_tokens = cfg.get("num_tokens", 4)
        self.nodes = []
        for i, n in enumerate(cfg["nodes"]):
            tokens = n.get("tokens") or [str(rnd.randint(-2**63 + 1, 2**63 - 1)) for _ in range(num_tokens)]
            self.nodes.append(dict(index=i, address=n.get("address", "127.0.0.1"), port=n["port"], dc=n.get("dc", "DC1"),
                                   rack=n.get("rack", "rack1"), tokens=set(tokens), host_id=uuid.UUID(int=i + 1),
                                   release_version=n.get("release_version", cfg.get("release_version", "3.11.4"))))
        self.schema_id = uuid.UUID(int=1000)
        self.keyspaces = {"system": {"class": "org.apache.cassandra.locator.LocalStrategy"},
                          "system_schema": {"class": "org.apache.cassandra.locator.LocalStrategy"}}
        self.keyspaces.update(cfg.get("keyspaces", {}))
        self.started = time.monotonic()
        self.build_sessions(cfg.get("ors"), rnd)
        self.faults = cfg.get("faults", [])
        for fault in self.faults:
            fault["seen"] = 0

    def build_sessions(self, ors, rnd):
        """Sessions sorted by token: (token, key, node_id, server, written_us, size)."""
        self.ors_keyspace = None
        self.draining = False
        self.sessions, self.tokens = [], []
        if not ors:
            return
        self.ors_keyspace = ors.get("keyspace", "Orchestration")
        node_ids = ors.get("node_ids", [240])
        names = ors.get("server_names", {})
        base_us = 1_700_000_000_000_000
        for i in range(ors.get("sessions", 0)):
            key = "%032x" % rnd.getrandbits(128)
            node = node_ids[i % len(node_ids)]
            self.sessions.append((murmur3(key.encode()), key, str(node), names.get(str(node), "ORS_%d" % node),
                                  base_us + i * 1000, ors.get("session_size", 64)))
        self.sessions.sort()
        self.tokens = [s[0] for s in self.sessions]
        drain = ors.get("drain_per_second")
        self.draining = bool(drain)
        order = list(range(len(self.sessions)))
        rnd.shuffle(order)
        # With a drain rate, the k-th session of a random order ends k/rate seconds after start.
        self.ends = [None] * len(self.sessions)
        if drain:
            for k, idx in enumerate(order):
                self.ends[idx] = ors.get("drain_after", 0) + (k + 1) / drain

    def alive(self, idx):
        end = self.ends[idx]
        return end is None or time.monotonic() - self.started < end

    def fault_for(self, node, text):
        for f in self.faults:
            if f.get("node") is not None and f["node"] != node["index"]:
                continue
            if f.get("match") and not re.search(f["match"], text, re.I):
                continue
            f["seen"] += 1
            if f["seen"] <= f.get("after", 0):
                continue
            if f.get("times") is not None and f["seen"] - f.get("after", 0) > f["times"]:
                continue
            return f
        return None


LOCAL_COLS = [("key", "varchar"), ("bootstrapped", "varchar"), ("broadcast_address", "inet"), ("cluster_name", "varchar"),
              ("cql_version", "varchar"), ("data_center", "varchar"), ("host_id", "uuid"), ("listen_address", "inet"),
              ("native_protocol_version", "varchar"), ("partitioner", "varchar"), ("rack", "varchar"),
              ("release_version", "varchar"), ("rpc_address", "inet"), ("schema_version", "uuid"), ("tokens", ("set", "varchar"))]
PEER_COLS = [("peer", "inet"), ("data_center", "varchar"), ("host_id", "uuid"), ("preferred_ip", "inet"), ("rack", "varchar"),
             ("release_version", "varchar"), ("rpc_address", "inet"), ("schema_version", "uuid"), ("tokens", ("set", "varchar"))]
PEER_V2_COLS = [("peer", "inet"), ("peer_port", "int"), ("data_center", "varchar"), ("host_id", "uuid"), ("native_address", "inet"),
                ("native_port", "int"), ("preferred_ip", "inet"), ("preferred_port", "int"), ("rack", "varchar"),
                ("release_version", "varchar"), ("schema_version", "uuid"), ("tokens", ("set", "varchar"))]
KS_COLS = [("keyspace_name", "varchar"), ("durable_writes", "boolean"), ("replication", ("map", "varchar", "varchar"))]
# The ORS column families as CQL shows Thrift compact storage. Column names inside SessionIDServerInfo
# (node_id, server) are the schema profile's documented default, not a fact about ORS.
SESSION_COLS = {"key": "varchar", "column1": "varchar", "value": "blob", "writetime(value)": "bigint", "token(key)": "bigint"}
OWNER_COLS = {"key": "varchar", "column1": "varchar", "value": "varchar", "writetime(value)": "bigint", "token(key)": "bigint"}

SELECT_RE = re.compile(r"^\s*select\s+(?P<cols>.+?)\s+from\s+(?P<table>[\w\".]+)(?:\s+where\s+(?P<where>.+?))?(?:\s+limit\s+\d+)?\s*;?\s*$", re.I | re.S)
CREATE_KS_RE = re.compile(r"^\s*create\s+keyspace\s+(?P<ine>if\s+not\s+exists\s+)?\"?(?P<name>\w+)\"?\s+with\s+replication\s*=\s*(?P<map>\{.*?\})", re.I | re.S)


class Statement:
    """A parsed statement: what it reads, and the bind markers it has."""

    def __init__(self, text):
        self.text = text
        self.kind, self.table, self.cols, self.where = None, None, None, ""
        m = SELECT_RE.match(text)
        if m:
            self.kind = "select"
            self.table = m.group("table").replace('"', "")
            self.cols = [c.strip() for c in m.group("cols").split(",")]
            self.where = (m.group("where") or "").strip()
        elif CREATE_KS_RE.match(text):
            self.kind = "create_keyspace"
        elif re.match(r"^\s*use\s+", text, re.I):
            self.kind = "use"
        else:
            raise QueryError(0x2000, "line 1:0 no viable alternative at input '%s'" % text.strip().split(" ")[0])
        self.markers = text.count("?")

    def bind_types(self):
        if "token(" in self.where.lower():
            return ["bigint"] * self.markers
        return ["varchar"] * self.markers


class Connection:
    def __init__(self, server, node, reader, writer):
        self.server, self.ring, self.node = server, server.ring, node
        self.reader, self.writer = reader, writer
        self.authenticated = not server.ring.cfg.get("credentials")

    async def run(self):
        try:
            while True:
                hdr = await self.reader.readexactly(9)
                ver, flags, stream, opcode, length = struct.unpack(">BBhBi", hdr)
                body = await self.reader.readexactly(length)
                if ver not in self.ring.cfg.get("protocol_versions", [3, 4]):
                    supported = ", ".join("%d/v%d" % (v, v) for v in self.ring.cfg.get("protocol_versions", [3, 4]))
                    await self.send(ver, stream, 0x00, error_body(0x000A, "Invalid or unsupported protocol version (%d); supported versions are (%s)" % (ver, supported)))
                    continue
                asyncio.ensure_future(self.handle(ver, stream, opcode, body))
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            self.writer.close()

    async def send(self, ver, stream, opcode, body):
        if self.writer.is_closing():
            return
        self.writer.write(struct.pack(">BBhBi", 0x80 | ver, 0, stream, opcode, len(body)) + body)
        await self.writer.drain()

    async def handle(self, ver, stream, opcode, body):
        try:
            op, rbody = await self.answer(ver, opcode, body)
        except QueryError as e:
            op, rbody = 0x00, error_body(e.code, e.msg, e.extra)
        except DropConnection:
            self.writer.close()
            return
        await self.send(ver, stream, op, rbody)

    async def answer(self, ver, opcode, body):
        if opcode == 0x05:
            f = io.BytesIO(); write_stringmultimap(f, {"CQL_VERSION": ["3.4.4"], "COMPRESSION": [],
                                                       "PROTOCOL_VERSIONS": ["%d/v%d" % (v, v) for v in self.ring.cfg.get("protocol_versions", [3, 4])]})
            return 0x06, f.getvalue()
        if opcode == 0x01:
            if self.authenticated:
                return 0x02, b""
            f = io.BytesIO(); write_string(f, "org.apache.cassandra.auth.PasswordAuthenticator"); return 0x03, f.getvalue()
        if opcode == 0x0F:
            creds = self.ring.cfg["credentials"]
            token = read_binary_longstring(io.BytesIO(body))
            if token == b"\x00" + creds["user"].encode() + b"\x00" + creds["password"].encode():
                self.authenticated = True
                return 0x10, struct.pack(">i", -1)
            raise QueryError(0x0100, "Provided username and/or password are incorrect")
        if opcode == 0x0B:
            return 0x02, b""
        if not self.authenticated:
            raise QueryError(0x0100, "Authentication required")
        if opcode == 0x09:
            return 0x08, self.server.prepare(read_longstring(io.BytesIO(body)))
        if opcode in (0x07, 0x0A):
            f = io.BytesIO(body)
            if opcode == 0x07:
                text = read_longstring(f)
                stmt = Statement(text)
            else:
                qid = f.read(read_short(f))
                stmt = self.server.prepared.get(qid)
                if stmt is None:
                    f2 = io.BytesIO(); write_short(f2, len(qid)); f2.write(qid)
                    raise QueryError(0x2500, "Prepared query with ID %s not found" % qid.hex(), f2.getvalue())
            params = read_query_params(f, ver)
            await self.apply_fault(stmt.text)
            return 0x08, self.server.execute(self.node, stmt, params, ver)
        raise QueryError(0x000A, "unsupported opcode %d" % opcode)

    async def apply_fault(self, text):
        fault = self.ring.fault_for(self.node, text)
        if not fault:
            return
        if fault.get("stall_ms"):
            await asyncio.sleep(fault["stall_ms"] / 1000.0)
        if fault.get("drop"):
            raise DropConnection()
        if fault.get("error") is not None:
            raise QueryError(fault["error"], fault.get("message", "injected error"), fault_extra(fault["error"]))


class DropConnection(Exception):
    pass


def fault_extra(code):
    f = io.BytesIO()
    if code == 0x1000:                       # Unavailable: cl, required, alive
        write_short(f, 6); write_int(f, 3); write_int(f, 1)
    elif code == 0x1200:                     # Read_timeout: cl, received, blockfor, data_present
        write_short(f, 6); write_int(f, 1); write_int(f, 2); f.write(b"\x00")
    elif code == 0x1100:                     # Write_timeout: cl, received, blockfor, writeType
        write_short(f, 6); write_int(f, 1); write_int(f, 2); write_string(f, "SIMPLE")
    return f.getvalue()


def read_query_params(f, ver):
    p = {"consistency": read_short(f)}
    flags = read_byte(f)
    p["values"] = []
    if flags & 0x01:
        n = read_short(f)
        for _ in range(n):
            if flags & 0x40:
                read_string(f)
            size = read_int(f)
            p["values"].append(None if size < 0 else f.read(size))
    p["skip_metadata"] = bool(flags & 0x02)
    p["page_size"] = read_int(f) if flags & 0x04 else None
    p["paging_state"] = f.read(read_int(f)) if flags & 0x08 else None
    return p


class Server:
    def __init__(self, cfg):
        self.ring = Ring(cfg)
        self.prepared = {}
        self.page_cache = {}

    def prepare(self, text):
        stmt = Statement(text)
        qid = uuid.uuid5(uuid.NAMESPACE_OID, text).bytes
        self.prepared[qid] = stmt
        f = io.BytesIO()
        write_int(f, 4); write_short(f, len(qid)); f.write(qid)
        # prepared metadata: flags (global spec), columns, pk count 0, then the bind markers
        binds = stmt.bind_types()
        write_int(f, 0x0001); write_int(f, len(binds)); write_int(f, 0)
        write_string(f, "ks"); write_string(f, "t")
        for i, t in enumerate(binds):
            write_string(f, "p%d" % i); f.write(struct.pack(">H", TYPE_IDS[t]))
        write_int(f, 0x0004); write_int(f, 0)       # result metadata: no_metadata (the rows carry it)
        return f.getvalue()

    def execute(self, node, stmt, params, ver):
        if stmt.kind == "create_keyspace":
            return self.create_keyspace(stmt.text)
        if stmt.kind == "use":
            f = io.BytesIO(); write_int(f, 3); write_string(f, stmt.text.split()[1].strip('";')); return f.getvalue()
        table = stmt.table.lower()
        values = [self.decode_value(v, t) for v, t in zip(params["values"], stmt.bind_types())]
        if table == "system.local":
            return rows_body("system", "local", LOCAL_COLS, [self.local_row(node)], version=ver)
        if table == "system.peers_v2":
            if not self.ring.cfg.get("peers_v2", False):
                raise QueryError(0x2200, "unconfigured table peers_v2")
            return rows_body("system", "peers_v2", PEER_V2_COLS, [self.peer_v2_row(n) for n in self.ring.nodes if n is not node], version=ver)
        if table == "system.peers":
            return rows_body("system", "peers", PEER_COLS, [self.peer_row(n) for n in self.ring.nodes if n is not node], version=ver)
        if table == "system_schema.keyspaces":
            rows = [[k, True, v] for k, v in self.ring.keyspaces.items()]
            if values:
                rows = [r for r in rows if r[0] == values[0]]
            elif "keyspace_name" in stmt.where:
                name = re.search(r"keyspace_name\s*=\s*'([^']*)'", stmt.where)
                rows = [r for r in rows if name and r[0] == name.group(1)]
            return rows_body("system_schema", "keyspaces", KS_COLS, rows, version=ver)
        ks, _, cf = stmt.table.partition(".")
        if self.ring.ors_keyspace and ks.lower() == self.ring.ors_keyspace.lower() and cf.lower() in ("session", "sessionidserverinfo"):
            return self.ors_rows(ks, cf, stmt, values, params, ver)
        raise QueryError(0x2200, "unconfigured table %s" % stmt.table)

    @staticmethod
    def decode_value(raw, t):
        if raw is None:
            return None
        return TYPE_CLASSES[t].deserialize(raw, 4)

    def create_keyspace(self, text):
        m = CREATE_KS_RE.match(text)
        name = m.group("name")
        if name in self.ring.keyspaces:
            if m.group("ine"):
                f = io.BytesIO(); write_int(f, 1); return f.getvalue()
            f = io.BytesIO(); write_string(f, name); write_string(f, "")
            raise QueryError(0x2400, "Keyspace %s already exists" % name, f.getvalue())
        self.ring.keyspaces[name] = json.loads(m.group("map").replace("'", '"'))
        self.ring.schema_id = uuid.uuid4()
        f = io.BytesIO(); write_int(f, 5); write_string(f, "CREATED"); write_string(f, "KEYSPACE"); write_string(f, name)
        return f.getvalue()

    def ors_rows(self, ks, cf, stmt, values, params, ver):
        cache_key = None
        if self.ring.cfg.get("cache_pages") and not self.ring.draining:
            cache_key = (stmt.text, tuple(params["values"]), params["paging_state"], params["page_size"], params["skip_metadata"], ver)
            hit = self.page_cache.get(cache_key)
            if hit is not None:
                return hit
        body = self.encode_ors_rows(ks, cf, stmt, values, params, ver)
        if cache_key is not None:
            self.page_cache[cache_key] = body
        return body

    def encode_ors_rows(self, ks, cf, stmt, values, params, ver):
        owner = cf.lower() == "sessionidserverinfo"
        col_types = OWNER_COLS if owner else SESSION_COLS
        cols = ["key", "column1", "value"] if stmt.cols == ["*"] else [c.replace('"', "") for c in stmt.cols]
        unknown = [c for c in cols if c.lower() not in col_types]
        if unknown:
            raise QueryError(0x2200, "Undefined column name %s" % unknown[0])
        lo, hi = -2**63, 2**63 - 1
        where = stmt.where.lower()
        if "token(" in where:
            bounds = values if values else [int(x) for x in re.findall(r"-?\d+", re.sub(r"token\([^)]*\)", "", where))]
            lo, hi = bounds[0], bounds[1]
        rows_iter = self.iter_rows(owner, lo, hi)
        start_after = json.loads(params["paging_state"]) if params["paging_state"] else None
        page_size = params["page_size"] or 5000
        if start_after is not None:
            rows_iter = self.iter_rows(owner, max(lo, start_after[0] - 1), hi)
        page, last, more = [], None, None
        for row in rows_iter:
            pos = [row[0], row[1], row[2]]
            if start_after is not None and pos <= start_after:
                continue
            if len(page) == page_size:
                more = json.dumps(last).encode()      # a row beyond this page exists
                break
            page.append(row)
            last = pos
        out = [[self.cell(r, c) for c in cols] for r in page]
        return rows_body(ks, cf, [(c, col_types[c.lower()]) for c in cols], out, paging_state=more, version=ver,
                         skip_metadata=params["skip_metadata"])

    def iter_rows(self, owner, lo, hi):
        """Rows (token, key, column1, value, written_us) with lo < token <= hi, in token order."""
        ring = self.ring
        i = bisect.bisect_right(ring.tokens, lo)
        while i < len(ring.sessions) and ring.tokens[i] <= hi:
            if ring.alive(i):
                token, key, node, server, written, size = ring.sessions[i]
                if owner:
                    yield (token, key, "node_id", node, written)
                    yield (token, key, "server", server, written)
                else:
                    yield (token, key, "session", b"{" + b"x" * max(0, size - 2) + b"}", written)
            i += 1

    @staticmethod
    def cell(row, col):
        c = col.lower()
        return {"key": row[1], "column1": row[2], "value": row[3], "writetime(value)": row[4], "token(key)": row[0]}[c]

    def local_row(self, n):
        return ["local", "COMPLETED", n["address"], "Test Cluster", "3.4.4", n["dc"], n["host_id"], n["address"], "4",
                "org.apache.cassandra.dht.Murmur3Partitioner", n["rack"], n["release_version"], n["address"], self.ring.schema_id, n["tokens"]]

    def peer_row(self, n):
        return [n["address"], n["dc"], n["host_id"], n["address"], n["rack"], n["release_version"], n["address"], self.ring.schema_id, n["tokens"]]

    def peer_v2_row(self, n):
        return [n["address"], 7000, n["dc"], n["host_id"], n["address"], n["port"], n["address"], 7000, n["rack"],
                n["release_version"], self.ring.schema_id, n["tokens"]]


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("config")
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--only-node", type=int, default=None, help="listen for this node only (one process per node)")
    args = ap.parse_args()
    with open(args.config) as fh:
        cfg = json.load(fh)
    server = Server(cfg)
    ssl_ctx = None
    if cfg.get("tls"):
        ssl_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_ctx.load_cert_chain(cfg["tls"]["cert"], cfg["tls"]["key"])
    listeners = []
    for node in server.ring.nodes:
        if args.only_node is not None and node["index"] != args.only_node:
            continue
        async def serve(reader, writer, node=node):
            await Connection(server, node, reader, writer).run()
        listeners.append(await asyncio.start_server(serve, node["address"], node["port"], ssl=ssl_ctx))
    nodes = [{"address": n["address"], "port": n["port"], "dc": n["dc"], "tokens": sorted(n["tokens"], key=int)} for n in server.ring.nodes]
    print("READY " + json.dumps({"nodes": nodes, "sessions": len(server.ring.sessions)}), flush=True)
    try:
        await asyncio.wait_for(asyncio.gather(*(l.serve_forever() for l in listeners)), timeout=args.seconds)
    except asyncio.TimeoutError:
        pass


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
