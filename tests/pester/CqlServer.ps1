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
