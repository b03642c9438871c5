# Starts tests/cql/cql_test_server.py (a CQL server on python3-cassandra's codec) on free loopback ports.
function Get-FreePort {
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop(); $port
}

function Start-CqlTestServer([int] $Nodes = 3, [hashtable] $Extra = @{}, [int] $Seconds = 120) {
    $config = @{
        nodes     = @(0..($Nodes - 1) | ForEach-Object { @{ address = '127.0.0.1'; port = (Get-FreePort); dc = @('DC1', 'DC1', 'DC2')[$_ % 3] } })
        peers_v2  = $true
        keyspaces = @{ Orchestration = @{ class = 'org.apache.cassandra.locator.NetworkTopologyStrategy'; DC1 = '2'; DC2 = '2' } }
    }
    foreach ($k in $Extra.Keys) { $config[$k] = $Extra[$k] }
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("cql-" + [guid]::NewGuid().ToString('N') + '.json')
    $config | ConvertTo-Json -Depth 10 | Set-Content $file
    $script = Join-Path $PSScriptRoot '../cql/cql_test_server.py'
    $info = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/python3', "`"$script`" `"$file`" --seconds $Seconds")
    $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notlike 'READY *') { throw "The CQL test server did not start: $line $($process.StandardError.ReadToEnd())" }
    [pscustomobject]@{ Process = $process; Ports = @($config.nodes.port); ContactPoint = "127.0.0.1:$($config.nodes[0].port)" }
}

function Stop-CqlTestServer($Server) {
    if ($Server -and -not $Server.Process.HasExited) { $Server.Process.Kill() }
}

# The Cassandra suites run twice: over CQL (the CQL test server) and over Thrift (the stand-in built
# from cassandra.thrift, a 1.1.12-style ring with RandomPartitioner). ORS_CASSANDRA_PROTOCOL picks.
$script:CassandraProtocol = if ($env:ORS_CASSANDRA_PROTOCOL) { $env:ORS_CASSANDRA_PROTOCOL } else { 'Cql' }

function Start-ThriftStandIn([int] $Nodes = 3, [hashtable] $Extra = @{}, [int] $Seconds = 120) {
    $config = @{
        nodes       = @(0..($Nodes - 1) | ForEach-Object { @{ address = "127.0.0.$($_ + 1)"; dc = @('DC1', 'DC1', 'DC2')[$_ % 3] } })
        release     = '1.1.12'
        interface   = '19.33.0'
        partitioner = 'org.apache.cassandra.dht.RandomPartitioner'
        keyspaces   = @{ Orchestration = @{ class = 'org.apache.cassandra.locator.NetworkTopologyStrategy'; options = @{ DC1 = '2'; DC2 = '2' } } }
    }
    foreach ($k in $Extra.Keys) { $config[$k] = $Extra[$k] }
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("thrift-" + [guid]::NewGuid().ToString('N') + '.json')
    $config | ConvertTo-Json -Depth 10 | Set-Content $file
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $gen = Join-Path $repo 'out/thrift/gen-py'
    if (-not (Test-Path (Join-Path $gen '.generated'))) { throw "Run tests/thrift/Prepare-Thrift.ps1 first (build.ps1 -Task Test does)." }
    $script = Join-Path $repo 'tests/thrift/thrift_stand_in.py'
    $info = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/python3', "`"$script`" `"$gen`" `"$file`" --seconds $Seconds")
    $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notlike 'READY *') { throw "The Thrift stand-in did not start: $line $($process.StandardError.ReadToEnd())" }
    $port = ($line.Substring(6) | ConvertFrom-Json).port
    [pscustomobject]@{ Process = $process; Port = $port; ContactPoint = "127.0.0.1:$port" }
}

function Start-CassandraTestServer([int] $Nodes = 3, [hashtable] $Extra = @{}, [int] $Seconds = 120) {
    if ($script:CassandraProtocol -eq 'Thrift') { Start-ThriftStandIn -Nodes $Nodes -Extra $Extra -Seconds $Seconds }
    else { Start-CqlTestServer -Nodes $Nodes -Extra $Extra -Seconds $Seconds }
}

function Stop-CassandraTestServer($Server) {
    if ($Server -and -not $Server.Process.HasExited) { $Server.Process.Kill() }
}
