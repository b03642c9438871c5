#!/usr/bin/python3
"""
A Cassandra Thrift stand-in for the OrsMigration tests, built from Cassandra's own interface
definition: the Python code is generated at test time by Debian's thrift-compiler from
cassandra.thrift as the npm package helenus 0.6.10 ships it (Cassandra 1.2.1's, 19.35.0), and
served with Debian's python3-thrift in framed, strict binary mode, as Cassandra serves it.
Loopback only; it stops by itself after --seconds.

It imitates a small ring: one listener per fake node (127.0.0.x, one port), RandomPartitioner
(1.1.x) or Murmur3Partitioner, two data centers, the release a node reports (1.1: system.Versions;
1.2+: system.local through execute_cql3_query, which 1.1 does not have), keyspaces with complete
CfDefs, the ORS column families filled with generated sessions, credentials, injected faults
(TimedOut, Unavailable, stalls, dropped connections) and Cassandra's frame-size limit (an
oversized frame drops the connection). With "lab": PATH it serves a lab's sessions (its lab.json,
read on every request) instead of generated ones, so a rehearsal's session accounting reads Thrift.

With "cache_pages": true a get_range_slices answer is encoded once and served from memory after that
(keyed by what was asked, not by the bytes), so a benchmark measures its clients, not this server.

Usage: thrift_stand_in.py GEN_PY_DIR CONFIG.json [--seconds N] [--only-node I]. Prints "READY {json}".
"""
import argparse, bisect, hashlib, itertools, importlib.util, json, os, random, socket, socketserver, struct, sys, threading, time, uuid


def load_generated(gen_dir):
    """The generated package is named 'cassandra' like the DataStax driver: load it as cassandra_thrift."""
    pkg = os.path.join(gen_dir, "cassandra")
    spec = importlib.util.spec_from_file_location("cassandra_thrift", os.path.join(pkg, "__init__.py"),
                                                  submodule_search_locations=[pkg])
    mod = importlib.util.module_from_spec(spec)
    sys.modules["cassandra_thrift"] = mod
    spec.loader.exec_module(mod)
    from cassandra_thrift import Cassandra, ttypes
    return Cassandra, ttypes


ARGS = argparse.ArgumentParser()
ARGS.add_argument("gen")
ARGS.add_argument("config")
ARGS.add_argument("--seconds", type=float, default=120)
ARGS.add_argument("--only-node", type=int, default=None, help="serve one node of the ring (one process per node)")
OPTS = ARGS.parse_args()
Cassandra, T = load_generated(OPTS.gen)
from thrift.Thrift import TApplicationException
from thrift.transport import TTransport
from thrift.protocol import TBinaryProtocol
from cassandra.murmur3 import murmur3   # the DataStax driver's, for Murmur3Partitioner tokens

RANDOM = "org.apache.cassandra.dht.RandomPartitioner"
MURMUR3 = "org.apache.cassandra.dht.Murmur3Partitioner"


def md5_token(key):
    """RandomPartitioner: the MD5 of the key read as a signed BigInteger, made positive."""
    return abs(int.from_bytes(hashlib.md5(key).digest(), "big", signed=True))


class Drop(TTransport.TTransportException):
    """Close the connection without answering (a transport error, so the processor lets it through)."""


class Ring:
    def __init__(self, cfg):
        self.cfg = cfg
        rnd = random.Random(cfg.get("seed", 7))
        self.partitioner = cfg.get("partitioner", MURMUR3)
        self.release = cfg.get("release", "2.2.5")
        self.interface = cfg.get("interface", "20.1.0")
        self.has_cql3 = not self.release.startswith("1.1")
        num_tokens = cfg.get("num_tokens", 1)
        self.nodes = []
        for i, n in enumerate(cfg["nodes"]):
            tokens = n.get("tokens") or [self.random_token(rnd) for _ in range(num_tokens)]
            self.nodes.append(dict(index=i, address=n["address"], dc=n.get("dc", "DC1"), rack=n.get("rack", "rack1"),
                                   tokens=[int(t) for t in tokens], release=n.get("release", self.release)))
        self.ring = sorted((t, node["index"]) for node in self.nodes for t in node["tokens"])
        self.schema = str(uuid.UUID(int=1000))
        self.lab_cache = None
        self.disagree_until = 0
        self.lock = threading.Lock()
        self.keyspaces = {}
        for name, ks in cfg.get("keyspaces", {}).items():
            self.add_keyspace(name, ks.get("class", "org.apache.cassandra.locator.SimpleStrategy"), ks.get("options", {}))
        self.started = time.monotonic()
        self.build_sessions(cfg.get("ors"), rnd)
        self.faults = cfg.get("faults", [])
        for f in self.faults:
            f["seen"] = 0

    def random_token(self, rnd):
        return rnd.randint(0, 2 ** 127 - 1) if self.partitioner == RANDOM else rnd.randint(-2 ** 63 + 1, 2 ** 63 - 1)

    def token(self, key):
        return md5_token(key) if self.partitioner == RANDOM else murmur3(key)

    def min_token(self):
        return -1 if self.partitioner == RANDOM else -2 ** 63

    def add_keyspace(self, name, strategy, options, cf_defs=None):
        cfs = cf_defs if cf_defs is not None else [self.cf_def(name, "Session", "UTF8Type", "BytesType"),
                                                   self.cf_def(name, "SessionIDServerInfo", "UTF8Type", "UTF8Type")]
        self.keyspaces[name] = T.KsDef(name=name, strategy_class=strategy, strategy_options=dict(options),
                                       cf_defs=cfs, durable_writes=True)

    @staticmethod
    def cf_def(ks, name, comparator, validation):
        """Complete, as real Cassandra sends them (helenus refuses partial ones)."""
        return T.CfDef(keyspace=ks, name=name, column_type="Standard", comparator_type="org.apache.cassandra.db.marshal." + comparator,
                       default_validation_class="org.apache.cassandra.db.marshal." + validation,
                       key_validation_class="org.apache.cassandra.db.marshal.UTF8Type", column_metadata=[],
                       gc_grace_seconds=864000, read_repair_chance=0.1, comment="", min_compaction_threshold=4,
                       max_compaction_threshold=32, id=abs(hash(name)) % 100000, caching="KEYS_ONLY",
                       compaction_strategy="org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
                       compaction_strategy_options={}, compression_options={}, bloom_filter_fp_chance=0.01)

    def build_sessions(self, ors, rnd):
        """Sessions sorted by (token, key): (token, key, node_id, server, written_us, value)."""
        self.ors_keyspace, self.sessions, self.ends = None, [], []
        if not ors:
            return
        self.ors_keyspace = ors.get("keyspace", "Orchestration")
        node_ids, names = ors.get("node_ids", [240]), ors.get("server_names", {})
        size = ors.get("session_size", 64)
        for i in range(ors.get("sessions", 0)):
            key = ("%032x" % rnd.getrandbits(128)).encode()
            node = node_ids[i % len(node_ids)]
            value = (b'{"session":"%s"}' % key).ljust(size, b" ")
            self.sessions.append((self.token(key), key, str(node).encode(),
                                  names.get(str(node), "ORS_%d" % node).encode(), 1_700_000_000_000_000 + i * 1000, value))
        self.sessions.sort()
        drain = ors.get("drain_per_second")
        self.ends = [None] * len(self.sessions)
        if drain:
            order = list(range(len(self.sessions)))
            rnd.shuffle(order)
            for k, idx in enumerate(order):
                self.ends[idx] = ors.get("drain_after", 0) + (k + 1) / drain

    def alive(self, idx):
        end = self.ends[idx]
        return end is None or time.monotonic() - self.started < end

    def current(self):
        """The sessions now: the generated ones still alive, or a lab's (its lab.json, read as it is now)."""
        lab = self.cfg.get("lab")
        if not lab:
            if not any(self.ends):
                return self.sessions
            return [s for idx, s in enumerate(self.sessions) if self.alive(idx)]
        try:
            stat = os.stat(lab)
            if self.lab_cache and self.lab_cache[0] == (stat.st_mtime_ns, stat.st_size):
                return self.lab_cache[1]
            with open(lab, "rb") as f:
                state = json.loads(f.read().decode("utf-8-sig"))
        except (OSError, ValueError):
            return []
        names = {p["Dbid"]: p["Name"] for p in state.get("Processes", [])}
        out = []
        for x in state.get("Sessions", []):
            key = x["Id"].encode()
            out.append((self.token(key), key, str(x["NodeId"]).encode(), names.get(x["Owner"], "").encode(), 0, b"{}"))
        out.sort()
        self.lab_cache = ((stat.st_mtime_ns, stat.st_size), out)   # the lab rewrites the file on every change
        return out

    def fault_for(self, node, method):
        for f in self.faults:
            if f.get("node") is not None and f["node"] != node["index"]:
                continue
            if f.get("method") and f["method"] != method:
                continue
            with self.lock:
                f["seen"] += 1
                seen = f["seen"]
            if seen <= f.get("after", 0):
                continue
            if f.get("times") is not None and seen - f.get("after", 0) > f["times"]:
                continue
            return f
        return None


class Handler:
    """One connection's view: its node, keyspace and login."""

    def __init__(self, ring, node):
        self.ring, self.node = ring, node
        self.keyspace = None
        self.logged_in = not ring.cfg.get("credentials")

    def check(self, method):
        f = self.ring.fault_for(self.node, method)
        if f:
            kind = f["kind"]
            if kind == "stall":
                time.sleep(f.get("seconds", 2))
            elif kind == "drop":
                raise Drop()
            elif kind == "timedout":
                raise T.TimedOutException()
            elif kind == "unavailable":
                raise T.UnavailableException()
        if method not in ("login", "describe_version") and not self.logged_in:
            raise T.InvalidRequestException(why="You have not logged in")

    # --- session and cluster
    def login(self, auth_request):
        creds = self.ring.cfg.get("credentials") or {}
        c = auth_request.credentials or {}
        if c.get("username") != creds.get("user") or c.get("password") != creds.get("password"):
            raise T.AuthenticationException(why="Username and/or password are incorrect")
        self.logged_in = True

    def set_keyspace(self, keyspace):
        self.check("set_keyspace")
        if keyspace != "system" and keyspace not in self.ring.keyspaces:
            raise T.InvalidRequestException(why="Keyspace '%s' does not exist" % keyspace)
        self.keyspace = keyspace

    def describe_version(self):
        self.check("describe_version")
        return self.ring.interface

    def describe_cluster_name(self):
        self.check("describe_cluster_name")
        return self.ring.cfg.get("cluster_name", "Test Cluster")

    def describe_partitioner(self):
        self.check("describe_partitioner")
        return self.ring.partitioner

    def describe_snitch(self):
        self.check("describe_snitch")
        return "org.apache.cassandra.locator.PropertyFileSnitch"

    def describe_keyspaces(self):
        self.check("describe_keyspaces")
        system = T.KsDef(name="system", strategy_class="org.apache.cassandra.locator.LocalStrategy", strategy_options={},
                         cf_defs=[Ring.cf_def("system", "Versions" if not self.ring.has_cql3 else "local", "UTF8Type", "UTF8Type")],
                         durable_writes=True)
        return [system] + list(self.ring.keyspaces.values())

    def describe_keyspace(self, keyspace):
        self.check("describe_keyspace")
        for ks in self.describe_keyspaces():
            if ks.name == keyspace:
                return ks
        raise T.NotFoundException()

    def describe_ring(self, keyspace):
        self.check("describe_ring")
        if keyspace == "system":
            raise T.InvalidRequestException(why="There is no ring for the keyspace: system")
        if keyspace not in self.ring.keyspaces:
            raise T.InvalidRequestException(why="Keyspace %s does not exist" % keyspace)
        ring = self.ring.ring
        out = []
        for i, (token, owner) in enumerate(ring):
            start = ring[i - 1][0]      # the first range wraps: (last, first]
            node = self.ring.nodes[owner]
            out.append(T.TokenRange(start_token=str(start), end_token=str(token), endpoints=[node["address"]],
                                    rpc_endpoints=[node["address"]],
                                    endpoint_details=[T.EndpointDetails(host=node["address"], datacenter=node["dc"], rack=node["rack"])]))
        return out

    def describe_schema_versions(self):
        self.check("describe_schema_versions")
        addresses = [n["address"] for n in self.ring.nodes]
        if time.monotonic() < self.ring.disagree_until and len(addresses) > 1:
            return {self.ring.schema: addresses[:1], str(uuid.uuid4()): addresses[1:]}
        return {self.ring.schema: addresses}

    def system_add_keyspace(self, ks_def):
        self.check("system_add_keyspace")
        with self.ring.lock:
            if time.monotonic() < self.ring.disagree_until:
                raise T.SchemaDisagreementException()
            if ks_def.name in self.ring.keyspaces:
                raise T.InvalidRequestException(why="Keyspace names must be case-insensitively unique (%s conflicts with %s)" % (ks_def.name, ks_def.name))
            self.ring.add_keyspace(ks_def.name, ks_def.strategy_class, ks_def.strategy_options or {}, ks_def.cf_defs or [])
            self.ring.schema = str(uuid.uuid4())
            self.ring.disagree_until = time.monotonic() + self.ring.cfg.get("disagreement_seconds", 0)
            return self.ring.schema

    # --- reads
    def release_of_node(self):
        return self.node["release"]

    def get_slice(self, key, column_parent, predicate, consistency_level):
        self.check("get_slice")
        if self.keyspace == "system" and column_parent.column_family == "Versions" and not self.ring.has_cql3:
            cols = {b"version": self.release_of_node().encode()} if key == b"build" else {}
            return [T.ColumnOrSuperColumn(column=T.Column(name=n, value=v, timestamp=0)) for n, v in cols.items()
                    if self.wanted(n, predicate)]
        return self.columns_of(self.find(key), column_parent.column_family, predicate)

    def multiget_slice(self, keys, column_parent, predicate, consistency_level):
        self.check("multiget_slice")
        return {k: self.columns_of(self.find(k), column_parent.column_family, predicate) for k in keys}

    def get_range_slices(self, column_parent, predicate, range, consistency_level):
        self.check("get_range_slices")
        cf = self.column_family(column_parent.column_family)
        if range.start_token is not None and range.end_key is not None:
            raise T.InvalidRequestException(why="start token + end key is not a supported key range")
        if range.end_token is None:
            raise T.InvalidRequestException(why="an end token is required")
        end = int(range.end_token)
        if range.start_key is not None:
            lower, inclusive = (self.ring.token(range.start_key), range.start_key), True
        else:
            lower, inclusive = (int(range.start_token), None), False
        if lower[0] >= end and end != self.ring.min_token():
            raise T.InvalidRequestException(why="start token > end token is not supported (the range wraps)")
        rows = []
        sessions = self.ring.current()
        # Sessions are sorted by (token, key): start at the first one in the range.
        first = bisect.bisect_left(sessions, lower) if inclusive else bisect.bisect_left(sessions, (lower[0] + 1,))
        for s in itertools.islice(sessions, first, None):
            tok, key = s[0], s[1]
            if end != self.ring.min_token() and tok > end:
                break
            rows.append(T.KeySlice(key=key, columns=self.columns_of(s, cf, predicate)))
            if len(rows) >= range.count:
                break
        return rows

    def execute_cql3_query(self, query, compression, consistency):
        if not self.ring.has_cql3:
            raise TApplicationException(TApplicationException.UNKNOWN_METHOD, "Invalid method name: 'execute_cql3_query'")
        self.check("execute_cql3_query")
        q = query.decode().lower()
        if "release_version" in q and "system.local" in q:
            return T.CqlResult(type=T.CqlResultType.ROWS, rows=[T.CqlRow(key=b"local", columns=[
                T.Column(name=b"release_version", value=self.release_of_node().encode(), timestamp=0)])],
                schema=T.CqlMetadata(name_types={}, value_types={}, default_name_type="UTF8Type", default_value_type="UTF8Type"))
        raise T.InvalidRequestException(why="line 1:0 no viable alternative at input '%s'" % q.split(" ")[0])

    # --- helpers
    def column_family(self, name):
        if self.keyspace is None:
            raise T.InvalidRequestException(why="You have not set a keyspace for this session")
        ors = self.ring.cfg.get("lab") and "Orchestration" or self.ring.ors_keyspace
        if self.keyspace != ors or name not in ("Session", "SessionIDServerInfo"):
            raise T.InvalidRequestException(why="unconfigured columnfamily %s" % name)
        return name

    def find(self, key):
        for s in self.ring.current():
            if s[1] == key:
                return s
        return None

    @staticmethod
    def wanted(name, predicate):
        if predicate.column_names is not None:
            return name in predicate.column_names
        sr = predicate.slice_range
        return (not sr.start or name >= sr.start) and (not sr.finish or name <= sr.finish)

    def columns_of(self, session, cf, predicate):
        if session is None:
            return []
        _, key, node, server, written, value = session
        cols = [(b"data", value)] if cf == "Session" else [(b"node_id", node), (b"server", server)]
        limit = predicate.slice_range.count if predicate.slice_range else len(cols)
        out = [T.ColumnOrSuperColumn(column=T.Column(name=n, value=v, timestamp=written)) for n, v in cols if self.wanted(n, predicate)]
        return out[:limit]


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, ring, node, port):
        self.ring, self.node = ring, node
        super().__init__((node["address"], port), Connection)


PAGE_CACHE = {}


def cached_range_slices(handler, frame):
    """The encoded answer of a get_range_slices, from the cache or encoded now; None for other calls."""
    inp = TBinaryProtocol.TBinaryProtocol(TTransport.TMemoryBuffer(frame), strictRead=True, strictWrite=True)
    name, _, seqid = inp.readMessageBegin()
    if name != "get_range_slices":
        return None
    args = Cassandra.get_range_slices_args()
    args.read(inp)
    r = args.range
    key = (handler.keyspace, args.column_parent.column_family, repr(args.predicate), r.start_token, r.start_key, r.end_token, r.count)
    body = PAGE_CACHE.get(key)
    if body is None:
        result = Cassandra.get_range_slices_result(success=handler.get_range_slices(args.column_parent, args.predicate, r, args.consistency_level))
        buf = TTransport.TMemoryBuffer()
        out = TBinaryProtocol.TBinaryProtocol(buf, strictRead=True, strictWrite=True)
        out.writeMessageBegin(name, 2, 0)
        result.write(out)
        out.writeMessageEnd()
        body = PAGE_CACHE[key] = buf.getvalue()
    at = 8 + len(name)
    return body[:at] + struct.pack(">i", seqid) + body[at + 4:]


class Connection(socketserver.BaseRequestHandler):
    def handle(self):
        ring, node = self.server.ring, self.server.node
        handler = Handler(ring, node)
        processor = Cassandra.Processor(handler)
        cache = ring.cfg.get("cache_pages")
        max_frame = ring.cfg.get("max_frame", 15 * 1024 * 1024)
        sock = self.request
        try:
            while True:
                head = self.read(sock, 4)
                if head is None:
                    return
                (length,) = struct.unpack(">i", head)
                if length < 0 or length > max_frame:
                    return          # Cassandra: "Frame size (N) larger than max length", connection dropped
                frame = self.read(sock, length)
                if frame is None:
                    return
                answer = cached_range_slices(handler, frame) if cache else None
                if answer is not None:
                    sock.sendall(struct.pack(">i", len(answer)) + answer)
                    continue
                inp = TBinaryProtocol.TBinaryProtocol(TTransport.TMemoryBuffer(frame), strictRead=True, strictWrite=True)
                out_buf = TTransport.TMemoryBuffer()
                out = TBinaryProtocol.TBinaryProtocol(out_buf, strictRead=True, strictWrite=True)
                try:
                    processor.process(inp, out)
                except TTransport.TTransportException:
                    return
                answer = out_buf.getvalue()
                if answer:
                    sock.sendall(struct.pack(">i", len(answer)) + answer)
        except (ConnectionError, OSError):
            return

    @staticmethod
    def read(sock, n):
        buf = b""
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf


def main():
    cfg = json.load(open(OPTS.config))
    ring = Ring(cfg)
    port = cfg.get("port", 0)
    servers = []
    for node in ring.nodes:
        if OPTS.only_node is not None and node["index"] != OPTS.only_node:
            continue
        srv = Server(ring, node, port)
        port = srv.server_address[1]       # every node on the same port, as 9160 on each host
        servers.append(srv)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    print("READY " + json.dumps({"port": port, "nodes": [n["address"] for n in ring.nodes]}), flush=True)
    time.sleep(OPTS.seconds)


if __name__ == "__main__":
    main()
