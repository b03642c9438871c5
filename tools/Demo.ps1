<#
    The README demo: the migration guide's preparation on copies of both sample deployments —
    prerequisites, export, prune, backups, cluster, persistence, checks — then a rollback.
    Runs on any machine with no set-up beyond `dotnet tool restore`.
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

Invoke-Preparation 'ors-812' @{ ORS_DC1_1 = 'dc1-ors1b'; ORS_DC1_2 = 'dc1-ors2b'; ORS_DC2_1 = 'dc2-ors1b'; ORS_DC2_2 = 'dc2-ors2b' }
Invoke-Preparation 'ors-813' @{ ORS_DC1_1 = 'dc1-ors1b'; ORS_DC1_2 = 'dc1-ors2b'; ORS_DC2_1 = 'dc2-ors1b'; ORS_DC2_2 = 'dc2-ors2b' }
Write-Host ''
Write-Host 'Demo complete: both samples prepared for 8.1.4 with no failing check.' -ForegroundColor Green
