@{
    RootModule             = 'OrsMigration.dll'
    ModuleVersion          = '{{ModuleVersion}}'
    GUID                   = '6f1b7a52-3c0e-4d8e-9a41-2f5b8c7d9e10'
    Author                 = 'OrsMigration contributors'
    CompanyName            = 'OrsMigration'
    Copyright              = '(c) OrsMigration contributors. MIT License.'
    Description            = 'Migrates Genesys Orchestration Server (ORS) deployments from 8.1.2 or 8.1.3 to 8.1.4 as the Orchestration Server 8.1.4 Migration Guide describes: export, prune obsolete options, HA, cluster, persistence, rolling upgrade and rollback.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    RequiredAssemblies     = @('OrsMigration.Core.dll', 'Newtonsoft.Json.dll')
    FormatsToProcess       = @('OrsMigration.Format.ps1xml')
    CmdletsToExport        = @(
        'Connect-OrsConfigServer'
        'Disconnect-OrsConfigServer'
        'Get-OrsApplication'
        'Get-OrsOption'
        'Export-OrsConfig'
        'Remove-OrsObsoleteOption'
        'Set-OrsOption'
        'Remove-OrsOption'
        'Restore-OrsConfig'
        'Compare-OrsConfig'
        'Get-OrsOptionReference'
        'New-OrsBackupApplication'
        'Set-OrsRedundancy'
        'Get-OrsNode'
        'Get-OrsCluster'
        'Set-OrsCluster'
        'Set-OrsPersistence'
        'Test-OrsConfig'
        'Test-OrsMigrationPrerequisite'
        'Test-OrsScxmlRecovery'
        'Connect-OrsCassandra'
        'Disconnect-OrsCassandra'
        'Test-OrsCassandra'
        'Initialize-OrsKeyspace'
        'Get-OrsPersistedSession'
        'Measure-OrsPersistedSession'
        'Wait-OrsSessionDrain'
        'New-OrsLab'
        'Connect-OrsLab'
        'Remove-OrsLab'
        'Set-OrsLabFault'
        'Set-OrsLabVersion'
        'Set-OrsLabTraffic'
        'New-OrsServerControl'
        'New-OrsInstaller'
        'Get-OrsServerStatus'
        'Start-OrsServer'
        'Stop-OrsServer'
        'Switch-OrsServer'
        'Invoke-OrsRollingUpgrade'
        'Get-OrsUpgradeJournal'
        'Export-OrsUpgradeReport'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Genesys', 'Orchestration', 'ORS', 'Migration', 'Cassandra')
            ProjectUri   = '{{ProjectUri}}'
            LicenseUri   = '{{ProjectUri}}/blob/main/LICENSE'
            ReleaseNotes = '{{ProjectUri}}/blob/main/CHANGELOG.md'
        }
    }
}
