<#
    Invoke-OrsRollingUpgrade over 20 lab nodes whose start, stop, switchover and installation each
    take a fixed simulated time, with -MaxParallelNodes 1 and 4. The run's wall time is reported as a
    ratio to its critical path: the sum of the simulated operation times the schedule must wait for
    (8 timed operations per node; nodes in waves of MaxParallelNodes). Goal: overhead under 5%.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Nodes = 20,
    [double] $OperationSeconds = 1,
    [timespan] $PollInterval = "00:00:00.020"
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModuleManifest -Force

foreach ($parallel in 1, 4) {
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-upbench-" + [guid]::NewGuid().ToString('N'))
    New-OrsLab -Path (Join-Path $work 'lab') -NodeCount $Nodes -SessionRate 0 -TimeScale 1 -OperationSeconds $OperationSeconds | Out-Null
    $orsNodes = Get-OrsNode
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $report = $orsNodes | Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath (Join-Path $work 'backup') -MaxParallelNodes $parallel `
        -PollInterval $PollInterval -Force -ProgressAction SilentlyContinue
    $wall = $watch.Elapsed.TotalSeconds
    if ($report.Outcome -ne 'Succeeded') { throw "The run did not succeed: $($report.Error)" }
    $waves = [math]::Ceiling($Nodes / $parallel)
    $critical = $waves * 8 * $OperationSeconds
    Write-Host ("Rolling upgrade, {0} nodes, -MaxParallelNodes {1}: wall {2:N2} s, critical path {3:N2} s, ratio {4:N3} (overhead {5:P1}; goal under 5%)" -f `
        $Nodes, $parallel, $wall, $critical, ($wall / $critical), (($wall / $critical) - 1))
    Remove-OrsLab -Force
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
