# Writes docs/samples/ (the 8.1.2 and 8.1.3 sample deployments) from the data below. Run from the repository root.
import json, os, shutil
def host(dbid, name, ip):
    return {"dbid": str(dbid), "name": name, "type": "CfgHost", "subtype": "CFGNetworkServer", "state": "CFGEnabled",
            "ipaddress": ip, "ostype": "CFGRedHatLinux", "lcaport": "4999"}
def app(dbid, name, subtype, version, hostdbid, port, opts, conns=(), ports=None, backup=0, redundancy="CFGHTNoHAType", isprimary=True, folder="102", extra=None):
    ports = ports or [("default", port)]
    j = {"dbid": str(dbid), "name": name, "type": "CfgApplication", "subtype": subtype, "folderid": folder,
         "state": "CFGEnabled", "version": version, "hostdbid": str(hostdbid), "port": str(port),
         "workdirectory": "/opt/genesys/" + name, "commandline": "./run.sh", "commandlinearguments": f"-app {name}",
         "isserver": "CFGTrue", "isprimary": "CFGTrue" if isprimary else "CFGFalse", "backupserverdbid": str(backup),
         "redundancytype": redundancy, "autorestart": "CFGFalse", "startuptype": "CFGSUTAutomatic",
         "startuptimeout": "90", "shutdowntimeout": "90", "timeout": "10", "attempts": "1",
         "componenttype": "CFGAppComponentUnknown",
         "portinfos": {"portinfo": [{"id": i, "port": str(p), "longfield1": "0", "longfield2": "0"} for i, p in ports]},
         "appservers": {"conninfo": [{"appserverdbid": str(c), "id": "default", "mode": "CFGTMBoth", "timoutlocal": "10", "timoutremote": "10", "longfield1": "0"} for c in conns]},
         "options": {"property": [{"section": s, "key": k, "value": v} for s, k, v in opts]},
         "userproperties": {"property": []}, "tenantdbids": {"id": ["101"]}}
    if extra: j.update(extra)
    return j
def log(name): return [("log", "verbose", "standard"), ("log", "all", f"stdout, /var/log/genesys/{name}"), ("log", "segment", "100 MB"), ("log", "expire", "10")]
def write(root, objs):
    if os.path.exists(root): shutil.rmtree(root)
    for o in objs:
        d = os.path.join(root, o["type"]); os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, o["dbid"] + ".json"), "w", newline="\n") as f:
            f.write(json.dumps(o, indent=2) + "\n")

def framework(v):
    return [
        app(201, "confserv", "CFGConfigServer", v["cs"], 309, 2020, log("confserv") + [("confserv", "port", "2020"), ("confserv", "management-port", "2021"), ("confserv", "server", "dbserver"), ("confserv", "encoding", "utf-8")], ports=[("default", 2020), ("management", 2021)]),
        app(202, "dbserver", "CFGDBServer", v["db"], 309, 4040, log("dbserver") + [("dbserver", "dbprocesses_number", "1")]),
        app(203, "SCS", "CFGSCS", v["scs"], 309, 7600, log("SCS") + [("general", "alive_timeout", "30")], conns=[201, 204]),
        app(204, "MessageServer", "CFGMessageServer", v["ms"], 309, 7610, log("MessageServer") + [("messages", "db_storage", "true")]),
        app(205, "LCA_dc1-ors1", "CFGLocalControlAgent", v["lca"], 301, 4999, log("LCA")),
        app(206, "StatServer", "CFGStatServer", v["stat"], 310, 7620, log("StatServer") + [("statserver", "accept-clients-in-backup-mode", "yes")], conns=[204]),
    ]

def sample812():
    hosts = [host(301, "dc1-ors1", "10.1.10.11"), host(302, "dc1-ors2", "10.1.10.12"), host(303, "dc2-ors1", "10.2.10.11"),
             host(304, "dc2-ors2", "10.2.10.12"), host(305, "dc1-urs", "10.1.10.21"), host(306, "dc2-urs", "10.2.10.21"),
             host(307, "dc1-sip", "10.1.10.31"), host(308, "dc2-sip", "10.2.10.31"), host(309, "cfg1", "10.1.10.5"), host(310, "stat1", "10.1.10.6"),
             # spare hosts for the backups 8.1.4 HA needs
             host(311, "dc1-ors1b", "10.1.10.13"), host(312, "dc1-ors2b", "10.1.10.14"), host(313, "dc2-ors1b", "10.2.10.13"), host(314, "dc2-ors2b", "10.2.10.14")]
    objs = hosts + framework(dict(cs="8.1.300.05", db="8.1.300.03", scs="8.1.300.12", ms="8.1.300.08", lca="8.1.200.09", stat="8.1.200.17"))
    objs += [
        app(210, "URS_DC1", "CFGRouterServer", "8.1.300.23", 305, 7300, log("URS_DC1") + [("default", "strategy_server_mode", "true"), ("default", "use_service_objects", "true")], conns=[204, 206, 220]),
        app(211, "URS_DC2", "CFGRouterServer", "8.1.300.23", 306, 7300, log("URS_DC2") + [("default", "strategy_server_mode", "true"), ("default", "use_service_objects", "true")], conns=[204, 206, 221]),
        app(220, "SIP_DC1", "CFGSIPServer", "8.1.101.68", 307, 5060, log("SIP_DC1") + [("TServer", "sip-port", "5060"), ("TServer", "sip-address", "10.1.10.31")], conns=[204]),
        app(221, "SIP_DC2", "CFGSIPServer", "8.1.101.68", 308, 5060, log("SIP_DC2") + [("TServer", "sip-port", "5060"), ("TServer", "sip-address", "10.2.10.31")], conns=[204]),
    ]
    ors = [(240, "ORS_DC1_1", 301, "DC1", True, 210, 220), (241, "ORS_DC1_2", 302, "DC1", False, 210, 220),
           (242, "ORS_DC2_1", 303, "DC2", True, 211, 221), (243, "ORS_DC2_2", 304, "DC2", False, 211, 221)]
    for dbid, name, h, dc, superNode, urs, sip in ors:
        orch = [("orchestration", "call-watching-timeout", "5000"),
                ("orchestration", "get-list-item-by-urs", "false" if name == "ORS_DC2_2" else "true"),
                ("orchestration", "mcr-pull-by-msn-only", "false"),
                ("orchestration", "mcr-pull-limit", "10")]
        if name == "ORS_DC2_2":
            orch.insert(2, ("orchestration", "functions-by-urs", "true"))
        opts = log(name) + orch + [
            ("cluster", "name", "ORS_Cluster_1"),
            ("cluster", "super_node", "true" if superNode else "false"),
            ("persistence", "cassandra-nodes", "cass-dc1-1:9160;cass-dc1-2:9160;cass-dc2-1:9160"),
            ("persistence", "cassandra-listenPort", "9160"),
            ("persistence", "cassandra-keyspace-name", "Orchestration"),
        ]
        objs.append(app(dbid, name, "CFGOrchestrationServer", "8.1.200.38", h, 7010, opts, conns=[urs, sip, 204, 206],
                        ports=[("default", 7010), ("http", 7011)]))
    write("docs/samples/ors-812", objs)

def sample813():
    hosts = [host(301 + i, n, f"10.{1 + i // 4}.10.{11 + i % 4}") for i, n in enumerate(
        ["dc1-ors1", "dc1-ors1b", "dc1-ors2", "dc1-ors2b", "dc2-ors1", "dc2-ors1b", "dc2-ors2", "dc2-ors2b"])]
    hosts += [host(310, "dc1-urs", "10.1.10.21"), host(311, "dc2-urs", "10.2.10.21"), host(312, "dc1-sip", "10.1.10.31"),
              host(313, "dc2-sip", "10.2.10.31"), host(309, "cfg1", "10.1.10.5"), host(314, "ixn1", "10.1.10.41")]
    objs = hosts + framework(dict(cs="8.1.300.05", db="8.1.300.03", scs="8.1.300.12", ms="8.1.300.08", lca="8.1.300.11", stat="8.5.108.04"))
    objs += [
        app(210, "URS_DC1", "CFGRouterServer", "8.1.400.21", 310, 7300, log("URS_DC1") + [("default", "strategy_server_mode", "true")], conns=[204, 206, 220]),
        app(211, "URS_DC2", "CFGRouterServer", "8.1.400.21", 311, 7300, log("URS_DC2") + [("default", "strategy_server_mode", "true")], conns=[204, 206, 221]),
        app(220, "SIP_DC1", "CFGSIPServer", "8.1.102.13", 312, 5060, log("SIP_DC1") + [("TServer", "sip-port", "5060")], conns=[204]),
        app(221, "SIP_DC2", "CFGSIPServer", "8.1.102.13", 313, 5060, log("SIP_DC2") + [("TServer", "sip-port", "5060")], conns=[204]),
        app(230, "InteractionServer", "CFGInteractionServer", "8.5.104.07", 314, 7120, log("InteractionServer") + [("settings", "max-interactions-per-ping", "100")], conns=[204]),
    ]
    cluster = [("cluster", "ORS_DC1_1", "DC1"), ("cluster", "ORS_DC1_2", "DC1"), ("cluster", "ORS_DC2_1", "DC2"), ("cluster", "ORS_DC2_2", "DC2")]
    nodes = [(240, "ORS_DC1_1", 301, 210, 220), (242, "ORS_DC1_2", 303, 210, 220), (244, "ORS_DC2_1", 305, 211, 221), (246, "ORS_DC2_2", 307, 211, 221)]
    for dbid, name, h, urs, sip in nodes:
        for backup in (False, True):
            an = name + ("_Backup" if backup else "")
            orch = [("orchestration", "call-watching-timeout", "5000"), ("orchestration", "functions-by-urs", "true")]
            if name in ("ORS_DC1_1", "ORS_DC2_1"): orch.append(("orchestration", "mcr-pull-by-msn-only", "false"))
            if name == "ORS_DC1_2": orch[1] = ("orchestration", "get-list-item-by-urs", "true")
            opts = log(an) + orch + [("orchestration", "mcr-pull-by-this-node", "true"), ("orchestration", "mcr-pull-limit", "10")] + cluster + [
                ("persistence", "cassandra-nodes", "cass-dc1-1:9160;cass-dc1-2:9160;cass-dc2-1:9160;cass-dc2-2:9160"),
                ("persistence", "cassandra-listenPort", "9160"),
                ("persistence", "cassandra-keyspace-name", "Orchestration"),
                ("persistence", "cassandra-strategy-class", "NetworkTopologyStrategy"),
                ("persistence", "cassandra-strategy-options", "DC1:2,DC2:2"),
            ]
            objs.append(app(dbid + (1 if backup else 0), an, "CFGOrchestrationServer", "8.1.300.36", h + (1 if backup else 0), 7010, opts,
                            conns=[urs, sip, 204, 206, 230], ports=[("default", 7010), ("http", 7011)],
                            backup=0 if backup else dbid + 1, redundancy="CFGHTWarmStanby", isprimary=not backup))
    def dn(dbid, number, subtype, urls):
        return {"dbid": str(dbid), "name": number, "number": number, "type": "CfgDN", "subtype": subtype, "state": "CFGEnabled",
                "switchdbid": "401", "userproperties": {"property": [{"section": "Orchestration", "key": "application", "value": urls}]}}
    objs += [dn(501, "5001", "CFGRoutingPoint", "file:scxml/voice-main.scxml"),
             dn(502, "5002", "CFGRoutingPoint", "file:scxml/voice-callback.scxml file:scxml/voice-main.scxml"),
             dn(503, "5003", "CFGRoutingPoint", "http://composer.example/apps/survey/src-gen/IPD_survey.scxml"),
             dn(504, "ixnq-email-in", "CFGInteractionQueue", "file:scxml/email-classify.scxml")]
    write("docs/samples/ors-813", objs)
    os.makedirs("docs/samples/ors-813/scxml", exist_ok=True)
    for name, text in SCXML.items():
        with open("docs/samples/ors-813/scxml/" + name, "w", newline="\n") as f: f.write(text)

SCXML = {
"voice-main.scxml": """<?xml version="1.0" encoding="UTF-8"?>
<scxml version="1.0" xmlns="http://www.w3.org/2005/07/scxml"
       xmlns:queue="www.genesyslab.com/modules/queue"
       initial="routing" _sendSessionRecovered="true">
  <datamodel>
    <data id="target" expr="'Billing_VQ'"/>
  </datamodel>
  <state id="routing">
    <onentry>
      <queue:submit route="true" timeout="300">
        <queue:targets><queue:target type="agentgroup" name="Billing"/></queue:targets>
      </queue:submit>
    </onentry>
    <transition event="session.recovered" target="routing"/>
    <transition event="queue.submit.done" target="done"/>
  </state>
  <final id="done"/>
</scxml>
""",
"voice-callback.scxml": """<?xml version="1.0" encoding="UTF-8"?>
<scxml version="1.0" xmlns="http://www.w3.org/2005/07/scxml" initial="offer">
  <datamodel>
    <data id="callbackNumber" expr="''"/>
  </datamodel>
  <state id="offer">
    <transition event="done" target="end"/>
  </state>
  <final id="end"/>
</scxml>
""",
"email-classify.scxml": """<?xml version="1.0" encoding="UTF-8"?>
<scxml version="1.0" xmlns="http://www.w3.org/2005/07/scxml" initial="classify">
  <datamodel>
    <data id="_sendSessionRecovered" expr="true"/>
  </datamodel>
  <state id="classify" _persist="false">
    <transition event="done" target="end"/>
  </state>
  <final id="end"/>
</scxml>
""",
}

sample812(); sample813()
