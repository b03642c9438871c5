<#
    The README demo, on nothing but this repository: the migration guide's preparation on a copy
    of the 8.1.2 sample (prerequisites, export, prune, backups, cluster, persistence, checks,
    rollback), then the whole guide on a lab built from the 8.1.3 sample with live session
    traffic: prerequisites, export, prune, persistence, the HA rolling upgrade to 8.1.400.64 with
    no session lost, a report at out/demo/report.html, and the rollback of one Application.
#>
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModuleManifest -Force

$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path $root 'out/demo'
if (Test-Path $work) { Remove-Item $work -Recurse -Force }
if ($PSVersionTable.PSVersion.Major -ge 7 -and [Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }

function Step([string] $Title) { Write-Host ''; Write-Host "=== $Title" -ForegroundColor Cyan }
# Tables at full width even when the output is not a terminal.
function Show { $input | Out-String -Width 200 | Write-Host }

function Invoke-Preparation([string] $Sample, [hashtable] $BackupHosts) {
    $store = Join-Path $work "$Sample/config"
    $backup = Join-Path $work "$Sample/backup"
    Copy-Item (Join-Path $root "docs/samples/$Sample") $store -Recurse
    Write-Host ''
    Write-Host "##### Sample $Sample (store: $store)" -ForegroundColor Yellow

    Step 'Connect and look at the deployment'
    Connect-OrsConfigServer -Path $store | Out-Null
    Get-OrsApplication -Type Any | Format-Table Dbid, Name, Type, Version, HostName, BackupDbid | Show

    Step 'Prerequisites (Test-OrsMigrationPrerequisite)'
    $scxml = @(Get-ChildItem (Join-Path $store 'scxml') -Filter *.scxml -ErrorAction SilentlyContinue | ForEach-Object FullName)
    $prereq = if ($scxml) { Test-OrsMigrationPrerequisite -ScxmlPath $scxml } else { Test-OrsMigrationPrerequisite }
    $prereq |
        Where-Object Status -ne Pass | Format-Table Status, Check, Target, Message -AutoSize -Wrap | Show

    Step 'Step 1: export every ORS Application (the rollback point)'
    $exports = Get-OrsApplication | Export-OrsConfig -Path $backup
    $exports | Format-Table ApplicationName, ApplicationDbid, Version, Path -AutoSize | Show

    Step 'Step 2: delete the options 8.1.4 no longer uses'
    Get-OrsApplication | Remove-OrsObsoleteOption -Force -WarningAction Continue |
        Format-Table ApplicationName, Action, Section, Name, OldValue, NewValue -AutoSize | Show

    Step 'HA: a Warm Standby backup for every primary'
    $created = foreach ($node in Get-OrsNode) { $node.Primary | New-OrsBackupApplication -HostName $BackupHosts[$node.Name] }
    $created | Format-Table Dbid, Name, HostName, Version, RedundancyType -AutoSize | Show
    Get-OrsNode | Show

    Step 'The cluster: nodes and data centers'
    Set-OrsCluster -Name ORS_Cluster_1 -NodeMap ([ordered]@{ ORS_DC1_1 = 'DC1'; ORS_DC1_2 = 'DC1'; ORS_DC2_1 = 'DC2'; ORS_DC2_2 = 'DC2' }) | Out-Null
    Get-OrsCluster | Show

    Step 'Persistence: the cassandra-* options on every Application of every node'
    Get-OrsNode | ForEach-Object Primary |
        Set-OrsPersistence -Keyspace Orchestration -StrategyClass NetworkTopologyStrategy -StrategyOptions 'DC1:2,DC2:2' |
        Group-Object ApplicationName | Format-Table Name, Count -AutoSize | Show

    Step 'Test-OrsConfig on the result'
    $results = Test-OrsConfig
    $results | Group-Object Status | Format-Table Name, Count -AutoSize | Show
    $results | Where-Object Status -ne Pass | Format-Table Status, Check, Target, Message -AutoSize -Wrap | Show
    if ($results | Where-Object Status -eq Fail) { throw "Test-OrsConfig still reports failures for $Sample." }

    Step 'Rollback of one Application from its export (hash checked, read back, verified)'
    $one = $exports[0]
    Restore-OrsConfig -InputObject $one -Force | Format-Table ApplicationName, Action, Section, Name -AutoSize | Show
    $left = @(Compare-OrsConfig -Reference $one -Difference (Get-OrsApplication -Dbid $one.ApplicationDbid) -IncludeOrder)
    if ($left.Count -ne 0) { $left | Show; throw 'The rollback left differences.' }
    Write-Host "$($one.ApplicationName) holds exactly its exported options again." -ForegroundColor Green
    Disconnect-OrsConfigServer
}

function Invoke-LabMigration {
    Write-Host ''
    Write-Host '##### The whole guide on a lab from the 8.1.3 sample, with session traffic' -ForegroundColor Yellow
    $lab = New-OrsLab -Path (Join-Path $work 'lab') -Sample ors-813 -TimeScale 300 -SessionRate 1 -MeanSessionSeconds 1800
    Start-Sleep -Milliseconds 500
    Step "Lab at $($lab.Path): every node running, sessions persisted per node"
    Get-OrsNode | Get-OrsServerStatus | Show
    Measure-OrsPersistedSession -ByNode | Show

    Step 'Prerequisites'
    Test-OrsMigrationPrerequisite | Where-Object Status -ne Pass | Format-Table Status, Check, Target, Message -AutoSize -Wrap | Show

    Step 'Export, prune, persistence'
    $backup = Join-Path $work 'lab-backup'
    $exports = Get-OrsApplication | Export-OrsConfig -Path $backup
    Write-Host "$(@($exports).Count) Applications exported to $backup"
    Get-OrsApplication | Remove-OrsObsoleteOption -Force | Format-Table ApplicationName, Action, Section, Name -AutoSize | Show
    Get-OrsNode | ForEach-Object Primary |
        Set-OrsPersistence -Keyspace Orchestration -StrategyClass NetworkTopologyStrategy -StrategyOptions 'DC1:2,DC2:2' | Out-Null
    Test-OrsConfig | Group-Object Status | Format-Table Name, Count -AutoSize | Show

    Step 'The HA rolling upgrade to 8.1.400.64, node after node (switchover, stop, export, install, configure, start, verify backup mode, switch back)'
    $report = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath $backup -Force
    $report | Show
    $report.Nodes | Format-Table NodeId, Name, Outcome -AutoSize | Show
    Write-Host ("Sessions persisted at the start: $($report.SessionsBefore); carried across switchovers: " +
        "$($report.SessionsCarried); ended normally: $($report.SessionsEnded); lost: $($report.SessionsLost); " +
        "unverified: $($report.SessionsUnverified).")
    if ($report.Outcome -ne 'Succeeded' -or $report.SessionsLost -ne 0) { throw "The rolling upgrade did not succeed cleanly: $($report.Error)" }
    Get-OrsNode | Get-OrsServerStatus | Show
    $html = $report | Export-OrsUpgradeReport -Path (Join-Path $work 'report.html')
    $report | Export-OrsUpgradeReport -Path (Join-Path $work 'report.json') | Out-Null
    Write-Host "Report: $($html.FullName)"

    Step 'Rollback of one Application from its pre-upgrade export (options and version, hash checked and verified)'
    $one = $exports | Where-Object ApplicationName -eq 'ORS_DC1_2_Backup'
    Restore-OrsConfig -InputObject $one -IncludeObject -Force | Format-Table ApplicationName, Action, Section, Name, OldValue, NewValue -AutoSize | Show
    $left = @(Compare-OrsConfig -Reference $one -Difference (Get-OrsApplication ORS_DC1_2_Backup) -IncludeOrder)
    if ($left.Count -ne 0) { $left | Show; throw 'The rollback left differences.' }
    Write-Host "ORS_DC1_2_Backup holds its 8.1.3 options and version again (a real rollback also re-installs 8.1.300.36 with -Install)." -ForegroundColor Green
}

Invoke-Preparation 'ors-812' @{ ORS_DC1_1 = 'dc1-ors1b'; ORS_DC1_2 = 'dc1-ors2b'; ORS_DC2_1 = 'dc2-ors1b'; ORS_DC2_2 = 'dc2-ors2b' }
Invoke-Preparation 'ors-813' @{ ORS_DC1_1 = 'dc1-ors1b'; ORS_DC1_2 = 'dc1-ors2b'; ORS_DC2_1 = 'dc2-ors1b'; ORS_DC2_2 = 'dc2-ors2b' }
Invoke-LabMigration
Write-Host ''
Write-Host "Demo complete: both samples prepared with no failing check; the lab upgraded to 8.1.400.64 losing no session; report at $(Join-Path $work 'report.html')." -ForegroundColor Green
