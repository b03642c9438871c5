# A file store of many ORS Applications (copies of the 8.1.3 sample's ORS_DC1_1) and its Hosts.
function New-BenchStore([string] $Path, [int] $Applications) {
    $samples = Join-Path $PSScriptRoot '../docs/samples/ors-813'
    $sample = Get-Content (Join-Path $samples 'CfgApplication/240.json') -Raw | ConvertFrom-Json
    New-Item -ItemType Directory (Join-Path $Path 'CfgApplication') -Force | Out-Null
    Copy-Item (Join-Path $samples 'CfgHost') $Path -Recurse
    for ($i = 0; $i -lt $Applications; $i++) {
        $dbid = 10000 + $i
        $sample.dbid = "$dbid"; $sample.name = "ORS_BENCH_$i"; $sample.backupserverdbid = '0'
        $sample | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $Path "CfgApplication/$dbid.json") -Encoding utf8NoBOM
    }
    $Path
}
