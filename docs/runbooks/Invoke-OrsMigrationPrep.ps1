<#
.SYNOPSIS
    Runbook: prepares an ORS deployment for 8.1.4 the way the migration guide describes, unattended.
.DESCRIPTION
    Checks the prerequisites, exports every ORS Application, deletes the obsolete options, creates
    the missing Warm Standby backups, defines the cluster and the persistence options, and checks
    the result. Safe to run again: every step is idempotent, and the first run's export stays the rollback point.

    Exit codes (for scheduled tasks):
      0  ready for the upgrade
      2  a prerequisite the runbook cannot fix failed (URS, components, drain, persistence)
      3  a step failed (the error is printed)
      4  Test-OrsConfig still reports failures after the preparation

    Settings can come from a .psd1 file (-SettingsPath), which is how a scheduled task passes
    hashtables; parameters given on the command line win over the file.

    Verify the result with OrsMigrationPrep.Tests.ps1 (Pester) beside this file.
.EXAMPLE
    pwsh -NonInteractive -File Invoke-OrsMigrationPrep.ps1 -SettingsPath .\ors-813.settings.psd1 -StorePath D:\ors\config -ExportPath D:\ors\backup
.EXAMPLE
    Invoke-OrsMigrationPrep.ps1 -StorePath D:\ors\config -ExportPath D:\ors\backup -BackupHost @{ ORS_DC1_1 = 'dc1-ors1b' } `
        -Keyspace Orchestration -StrategyClass NetworkTopologyStrategy -StrategyOptions 'DC1:2,DC2:2'
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $ExportPath,
    [hashtable] $BackupHost = @{},
    [string] $ClusterName,
    [System.Collections.IDictionary] $ClusterMap,
    [string] $Keyspace,
    [ValidateSet('SimpleStrategy', 'NetworkTopologyStrategy')] [string] $StrategyClass = 'NetworkTopologyStrategy',
    [string] $StrategyOptions,
    [string] $ModulePath = 'OrsMigration',
    [string] $SettingsPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

try {
    if ($SettingsPath) {
        $settings = Import-PowerShellDataFile $SettingsPath
        foreach ($key in $settings.Keys) {
            if (-not $PSBoundParameters.ContainsKey($key)) { Set-Variable -Name $key -Value $settings[$key] }
        }
    }
    Import-Module $ModulePath
    Connect-OrsConfigServer -Path $StorePath | Out-Null

    # Prerequisites the runbook cannot fix stop it before anything changes.
    $blocking = Test-OrsMigrationPrerequisite |
        Where-Object { $_.Status -eq 'Fail' -and $_.Check -in 'UrsVersion', 'ComponentVersion', 'SessionDrain', 'PersistenceConsistency' }
    if ($blocking -and -not $Keyspace) {
        $blocking | Format-List Check, Target, Message, Remedy | Out-String | Write-Host
        exit 2
    }
    if ($blocking | Where-Object Check -ne 'PersistenceConsistency') {
        $blocking | Format-List Check, Target, Message, Remedy | Out-String | Write-Host
        exit 2
    }

    # The first run's export is the rollback point: a later run keeps it (-SkipExisting) rather than
    # replacing it with options this runbook has already pruned.
    Write-Host 'Export (rollback point)'
    Get-OrsApplication | Export-OrsConfig -Path $ExportPath -SkipExisting | Out-Null

    Write-Host 'Delete obsolete options'
    Get-OrsApplication | Remove-OrsObsoleteOption -Force | Out-Null

    Write-Host 'Warm Standby backups'
    foreach ($node in Get-OrsNode | Where-Object { -not $_.Backup }) {
        if (-not $BackupHost.ContainsKey($node.Name)) { throw "Node $($node.Name) has no backup and -BackupHost names no host for it." }
        $node.Primary | New-OrsBackupApplication -HostName $BackupHost[$node.Name] | Out-Null
    }

    if ($ClusterMap) {
        Write-Host "Cluster $ClusterName"
        Set-OrsCluster -Name $ClusterName -NodeMap $ClusterMap -Force | Out-Null
    }

    if ($Keyspace) {
        Write-Host 'Persistence'
        Get-OrsNode | ForEach-Object Primary |
            Set-OrsPersistence -Keyspace $Keyspace -StrategyClass $StrategyClass -StrategyOptions $StrategyOptions -Force | Out-Null
    }

    $failed = Test-OrsConfig | Where-Object Status -eq Fail
    if ($failed) {
        $failed | Format-List Check, Target, Message, Remedy | Out-String | Write-Host
        exit 4
    }
    Write-Host 'Ready for the upgrade.'
    exit 0
}
catch {
    Write-Error $_ -ErrorAction Continue
    exit 3
}
