<#
    Get-OrsApplication | Export-OrsConfig of 500 Applications through GAX (the stand-in, loopback),
    as a ratio to the same export from the file store in the same run. GAX is measured with no added
    latency (the protocol's own cost) and with a simulated round trip of -RoundTripMs per request
    (a GAX across a LAN), read one at a time (-ThrottleLimit 1) and with the default bounded
    parallel reads (4 in flight).
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Applications = 500,
    [int] $RoundTripMs = 10,
    [int] $Repeat = 3
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModuleManifest -Force
. (Join-Path $PSScriptRoot 'BenchStore.ps1')
. (Join-Path $PSScriptRoot '../tests/pester/GaxStandIn.ps1')

$work = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-bench-" + [guid]::NewGuid().ToString('N'))
$store = New-BenchStore -Path (Join-Path $work 'stores/bench') -Applications $Applications
$credential = New-GaxStandInCredential

# Best of $Repeat exports, each into a fresh folder, checked for completeness.
function Measure-Export([string] $Label, [hashtable] $ExportArgs = @{}) {
    $times = for ($r = 0; $r -lt $Repeat; $r++) {
        $target = Join-Path $work ("export-" + [guid]::NewGuid().ToString('N'))
        (Measure-Command { Get-OrsApplication | Export-OrsConfig -Path $target @ExportArgs | Out-Null }).TotalMilliseconds
        if (@(Get-ChildItem $target -Filter *.cfg).Count -ne $Applications) { throw "$Label wrote the wrong number of files." }
    }
    ($times | Measure-Object -Minimum).Minimum
}

function Measure-GaxExport([string[]] $StandInArguments, [hashtable] $ExportArgs = @{}) {
    $gax = Start-GaxStandIn -Root (Join-Path $work 'stores') -Arguments $StandInArguments
    try {
        Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri "$($gax.Uri)/s/bench" -Credential $credential | Out-Null
        Measure-Export 'GAX' $ExportArgs
    }
    finally { Disconnect-OrsConfigServer; Stop-GaxStandIn $gax }
}

Connect-OrsConfigServer -Path $store | Out-Null
$file = Measure-Export 'file store'
Disconnect-OrsConfigServer
$loopback = Measure-GaxExport @()
$serial = Measure-GaxExport @('--delay-ms', $RoundTripMs) @{ ThrottleLimit = 1 }
$parallel = Measure-GaxExport @('--delay-ms', $RoundTripMs)
Remove-Item $work -Recurse -Force

Write-Host ("Export-OrsConfig, {0} Applications, best of {1}: file store {2:N0} ms (baseline)" -f $Applications, $Repeat, $file)
Write-Host ("  GAX stand-in, loopback:                    {0,6:N0} ms, {1:N1}x the file store" -f $loopback, ($loopback / $file))
Write-Host ("  GAX, {0} ms round trip, -ThrottleLimit 1:  {1,6:N0} ms, {2:N1}x the file store" -f $RoundTripMs, $serial, ($serial / $file))
Write-Host ("  GAX, {0} ms round trip, 4 reads in flight: {1,6:N0} ms, {2:N1}x the file store ({3:N1}x faster than one at a time)" -f $RoundTripMs, $parallel, ($parallel / $file), ($serial / $parallel))
