<#
    Invoke-OrsRollingUpgrade over 20 lab nodes whose start, stop, switchover and installation each
    take a fixed simulated time, with -MaxParallelNodes 1 and 4, then 4 with every policy on
    (-NodeOrder DataCenter, a canary with a zero soak, -HealthCheck, -MaxFailedNodes). Each run's wall
    time is reported as a ratio to its critical path: the sum of the simulated operation times the
    schedule must wait for (8 timed operations per node, nodes in the waves the scheduler forms).
    Goal: overhead under 5%; the policies' own cost is the difference between the ratio with every
    policy and the ratio with -NodeOrder DataCenter alone (the same kind of schedule).
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

function Measure-Run([int] $Parallel, [hashtable] $Policy, [string] $Label) {
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-upbench-" + [guid]::NewGuid().ToString('N'))
    New-OrsLab -Path (Join-Path $work 'lab') -NodeCount $Nodes -SessionRate 0 -TimeScale 1 -OperationSeconds $OperationSeconds | Out-Null
    $orsNodes = [System.Collections.Generic.List[OrsMigration.OrsNode]]@(Get-OrsNode)
    $order = if ($Policy['NodeOrder']) { $Policy['NodeOrder'] } else { 'Listed' }
    $ordered = [OrsMigration.Upgrade.NodeScheduler]::Order($orsNodes, $order)
    $canaries = if ($Policy['CanaryNodes']) { $Policy['CanaryNodes'] } else { 0 }
    $waves = [OrsMigration.Upgrade.NodeScheduler]::Waves($ordered, $canaries, $Parallel, $order).Count
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $report = $orsNodes | Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath (Join-Path $work 'backup') -MaxParallelNodes $Parallel `
        -PollInterval $PollInterval -Force -ProgressAction SilentlyContinue -WarningAction SilentlyContinue @Policy
    $wall = $watch.Elapsed.TotalSeconds
    if ($report.Outcome -ne 'Succeeded') { throw "The run did not succeed: $($report.Error)" }
    $critical = $waves * 8 * $OperationSeconds
    Write-Host ("Rolling upgrade, {0} nodes, -MaxParallelNodes {1}{2}: {3} waves, wall {4:N2} s, critical path {5:N2} s, ratio {6:N3} (overhead {7:P1}; goal under 5%)" -f `
        $Nodes, $Parallel, $Label, $waves, $wall, $critical, ($wall / $critical), (($wall / $critical) - 1))
    Remove-OrsLab -Force
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    $wall / $critical
}

Measure-Run 1 @{} '' | Out-Null
$plain = Measure-Run 4 @{} ''
$policies = @{ NodeOrder = 'DataCenter'; CanaryNodes = 1; SoakTime = [timespan]::Zero; HealthCheck = { param($Node, $Status) $true }
    MaxFailedNodes = 1 }
# The data-center rule alone gives the same kind of schedule (two lab data centers: two nodes at a
# time), so the difference of the two ratios is what the canary, the gates and the check cost.
$ordered = Measure-Run 4 @{ NodeOrder = 'DataCenter' } ', -NodeOrder DataCenter only'
$with = Measure-Run 4 $policies ', every policy (soak 0)'
Write-Host ("Policy overhead at -MaxParallelNodes 4: ratio {0:N3} with every policy against {1:N3} with the same order alone ({2:+0.0;-0.0} points; {3:N3} without any policy, more nodes at once)" -f `
    $with, $ordered, (($with - $ordered) * 100), $plain)
