<#
    Get-OrsApplication | Export-OrsConfig over a store of 20,000 ORS Applications, in a child
    PowerShell: the first Application's latency as a ratio to the whole listing's time, and the
    child's peak working set above an idle child's, as a ratio to the store's size on disk (all measured
    in this run).
    A streamed listing gives a small first ratio, and memory that does not grow with the store.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Applications = 20000
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'BenchStore.ps1')
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-bench-" + [guid]::NewGuid().ToString('N'))
$store = New-BenchStore -Path (Join-Path $work 'store') -Applications $Applications
$storeBytes = (Get-ChildItem $store -Recurse -File | Measure-Object Length -Sum).Sum
$script = {
    param($Manifest, $Store, $Target, $Idle)
    $ErrorActionPreference = 'Stop'
    Import-Module $Manifest
    Connect-OrsConfigServer -Path $Store | Out-Null
    if ($Idle) { "0;1;$([System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64)"; return }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $first = $null
    Get-OrsApplication | ForEach-Object { if ($null -eq $first) { $first = $watch.Elapsed.TotalMilliseconds }; $_ } |
        Export-OrsConfig -Path $Target | Out-Null
    $total = $watch.Elapsed.TotalMilliseconds
    $peak = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
    "$first;$total;$peak"
}
$child = Join-Path $work 'child.ps1'
Set-Content $child $script.ToString()
$exe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwsh = if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @($exe, (Join-Path $PSHOME 'pwsh.dll')) } else { @($exe) }
function Invoke-Child([string] $Idle) {
    $line = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $child $ModuleManifest $store `
        (Join-Path $work 'export') $Idle
    ($line | Select-Object -Last 1) -split ';' | ForEach-Object { [double]$_ }
}
$idle = (Invoke-Child 'idle')[2]
$first, $total, $peak = Invoke-Child ''
Remove-Item $work -Recurse -Force
$format = "Get-OrsApplication | Export-OrsConfig, {0:N0} Applications: first Application after {1:N0} ms of {2:N0} ms " +
    "(ratio {3:N3}); peak working set {4:N0} MB above an idle child's, for a {5:N0} MB store (ratio {6:N2})"
Write-Host ($format -f $Applications, $first, $total,
    ($first / $total), (($peak - $idle) / 1MB), ($storeBytes / 1MB), (($peak - $idle) / $storeBytes))
