// An independent Thrift client for the stand-in: the npm Cassandra client helenus 0.6.10 (installed
// under out/thrift/npm by Prepare-Thrift.ps1). It insists on complete CfDefs, as real Cassandra sends.
// Usage: node helenus_client.js HOST PORT KEYSPACE KEY -> prints the row's node_id column.
process.EventEmitter = require('events');   // helenus predates its removal from process
var Helenus = require('helenus');
var host = process.argv[2], port = process.argv[3], keyspaceName = process.argv[4], key = process.argv[5];
var pool = new Helenus.ConnectionPool({ hosts: [host + ':' + port], keyspace: keyspaceName, timeout: 5000 });
function fail(what, err) { console.error(what + ': ' + err); process.exit(2); }
pool.on('error', function (err) { fail('pool', err); });
pool.connect(function (err, keyspace) {
  if (err) fail('connect', err);
  keyspace.get('SessionIDServerInfo', function (err, cf) {
    if (err) fail('column family', err);
    cf.get(key, function (err, row) {
      if (err) fail('get', err);
      console.log(row.get('node_id').value);
      pool.close();
      process.exit(0);
    });
  });
});
