<#
    Get-OrsApplication | Export-OrsConfig over a store of 20,000 ORS Applications and over one of a
    tenth of that, each in a child PowerShell: the first Application's latency as a ratio to the whole
    listing's time, each child's peak working set above an idle child's, how much that peak grows per
    Application between the two stores, and the live managed memory (after a full collection) when half
    and when all of the Applications have been exported (all measured in this run).
    A streamed listing gives a small first ratio; memory that grows with the store shows as live memory
    growing between half and all, and as peak growth per Application well above zero. The export
    manifest's entries and indexes live in scratch files, so nothing in the process grows with the folder.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Applications = 20000
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'BenchStore.ps1')
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-bench-" + [guid]::NewGuid().ToString('N'))
$script = {
    param($Manifest, $Store, $Target, $Idle, $Count)
    $ErrorActionPreference = 'Stop'
    Import-Module $Manifest
    Connect-OrsConfigServer -Path $Store | Out-Null
    if ($Idle) { "0;1;$([System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64)"; return }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $first = $null
    $live = @{}
    $n = 0
    Get-OrsApplication | ForEach-Object { if ($null -eq $first) { $first = $watch.Elapsed.TotalMilliseconds }; $_ } |
        Export-OrsConfig -Path $Target | ForEach-Object {
            $n++
            if ($n -eq [int]($Count / 2) -or $n -eq [int]$Count) { $live[$n] = [GC]::GetTotalMemory($true) }
        }
    $total = $watch.Elapsed.TotalMilliseconds
    $peak = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
    "$first;$total;$peak;$($live[[int]($Count / 2)]);$($live[[int]$Count])"
}
New-Item -ItemType Directory $work | Out-Null
$child = Join-Path $work 'child.ps1'
Set-Content $child $script.ToString()
$exe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwsh = if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @($exe, (Join-Path $PSHOME 'pwsh.dll')) } else { @($exe) }
function Invoke-Child([string] $Store, [string] $Target, [string] $Idle, [int] $Count) {
    $line = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $child $ModuleManifest $Store `
        $Target $Idle $Count
    ($line | Select-Object -Last 1) -split ';' | ForEach-Object { [double]$_ }
}
function Measure-Export([int] $Count) {
    $store = New-BenchStore -Path (Join-Path $work "store-$Count") -Applications $Count
    $target = Join-Path $work "export-$Count"
    $idle = (Invoke-Child $store $target 'idle' $Count)[2]
    $first, $total, $peak, $liveHalf, $liveAll = Invoke-Child $store $target '' $Count
    [pscustomobject]@{ Count = $Count; First = $first; Total = $total; Above = $peak - $idle
        LiveHalf = $liveHalf; LiveAll = $liveAll
        StoreBytes = (Get-ChildItem $store -Recurse -File | Measure-Object Length -Sum).Sum
        ManifestBytes = (Get-Item (Join-Path $target 'manifest.json')).Length }
}
$small = Measure-Export ([math]::Max(1, [int]($Applications / 10)))
$large = Measure-Export $Applications
Remove-Item $work -Recurse -Force
foreach ($m in $small, $large) {
    $format = "Get-OrsApplication | Export-OrsConfig, {0:N0} Applications: first Application after {1:N0} ms of {2:N0} ms " +
        "(ratio {3:N3}); peak working set {4:N0} MB above an idle child's, for a {5:N0} MB store (ratio {6:N2}); " +
        "live managed memory {7:N1} MB at half, {8:N1} MB at the end"
    Write-Host ($format -f $m.Count, $m.First, $m.Total, ($m.First / $m.Total), ($m.Above / 1MB), ($m.StoreBytes / 1MB),
        ($m.Above / $m.StoreBytes), ($m.LiveHalf / 1MB), ($m.LiveAll / 1MB))
}
$perApp = ($large.Above - $small.Above) / ($large.Count - $small.Count)
$livePerApp = ($large.LiveAll - $large.LiveHalf) / ($large.Count - [int]($large.Count / 2))
$format = "Peak working set grows {0:N1} KB per Application from {1:N0} to {2:N0}; an Application's object is " +
    "{3:N1} KB on disk, its manifest.json entry {4:N2} KB (ratio of growth to object {5:N2})"
Write-Host ($format -f ($perApp / 1KB), $small.Count, $large.Count, ($large.StoreBytes / $large.Count / 1KB),
    ($large.ManifestBytes / $large.Count / 1KB), ($perApp / ($large.StoreBytes / $large.Count)))
$format = "Live managed memory grows {0:N0} bytes per Application over the second half of the {1:N0}, and " +
    "is {2:N1} MB at the end against {3:N1} MB for {4:N0} (bounded: growth near zero; an object is {5:N0} bytes)"
Write-Host ($format -f $livePerApp, $large.Count, ($large.LiveAll / 1MB), ($small.LiveAll / 1MB), $small.Count,
    ($large.StoreBytes / $large.Count))
