<#
    Makes what the Thrift tests need, from packages, at test time (nothing third-party is committed):
    Cassandra's interface definition from the npm package helenus 0.6.10 (lib/cassandra/cassandra.thrift,
    Cassandra 1.2.1's), the Python code Debian's thrift-compiler generates from it for the stand-in,
    and the C# code it generates for the ApacheThrift oracle. Everything goes under out/thrift/.
    Prints the folder. Fails with what to install when a tool is missing.
#>
param([string] $Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path)
$ErrorActionPreference = 'Stop'
$out = Join-Path $Root 'out/thrift'
$npm = Join-Path $out 'npm'
$definition = Join-Path $npm 'node_modules/helenus/lib/cassandra/cassandra.thrift'
if (-not (Get-Command thrift -ErrorAction SilentlyContinue)) { throw 'thrift-compiler is missing: apt-get install thrift-compiler python3-thrift python3-thriftpy python3-ply' }
if (-not (Test-Path $definition)) {
    New-Item -ItemType Directory -Force $npm | Out-Null
    & npm install --silent --no-audit --no-fund --prefix $npm helenus@0.6.10 | Out-Host
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path $definition)) { throw "npm install helenus@0.6.10 failed (exit $LASTEXITCODE)." }
}
# The definition declares no netstd namespace: a copy with one keeps the generated C# types out of the
# global namespace (where they would hide the module's own types of the same names in the tests).
$netstdDefinition = Join-Path $out 'cassandra-netstd.thrift'
New-Item -ItemType Directory -Force $out | Out-Null
Set-Content $netstdDefinition ("namespace netstd ThriftOracle.Cassandra`n" + (Get-Content $definition -Raw)) -NoNewline
foreach ($gen in @(@{ Lang = 'py'; Dir = 'gen-py'; From = $definition }, @{ Lang = 'netstd'; Dir = 'gen-netstd'; From = $netstdDefinition })) {
    $dir = Join-Path $out $gen.Dir
    $stamp = Join-Path $dir '.generated'
    if (Test-Path $stamp) { continue }
    if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
    New-Item -ItemType Directory -Force $dir | Out-Null
    # thrift warns about the definition's csharp namespace; only failures count.
    & thrift --gen $gen.Lang -out $dir $gen.From 2>&1 | Where-Object { $_ -notmatch 'No generator named' } | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "thrift --gen $($gen.Lang) failed (exit $LASTEXITCODE)." }
    Set-Content $stamp (Get-Date -Format o)
}
Copy-Item $definition (Join-Path $out 'cassandra.thrift') -Force
$out
