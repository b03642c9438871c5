# Every default table view at 80 and 120 columns: no line wider than the console, no header cut,
# no value cut (PowerShell marks a cut with '…'; the views wrap instead).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    [xml] $format = Get-Content (Join-Path (Split-Path $ModuleManifest) 'OrsMigration.Format.ps1xml') -Raw
    $script:views = foreach ($v in $format.Configuration.ViewDefinitions.View) {
        [pscustomobject]@{ Type = $v.ViewSelectedBy.TypeName; Labels = @($v.TableControl.TableHeaders.TableColumnHeader.Label) }
    }
    $long = 'https://ors-loadbalancer.dc1.example.com:7210/orchestration/sessions/redirect?tenant=Environment'

    # Real output of every type, from a lab, with long values where a user would have them.
    $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 600 -SessionRate 1 -MeanSessionSeconds 3000
    Start-Sleep -Milliseconds 300
    $app = Get-OrsApplication ORS_DC1_1_Backup
    $export = Get-OrsApplication | Export-OrsConfig -Path (New-TestFolder)
    $change = $app | Set-OrsOption -Section orchestration -Name external-url -Value $long
    $other = Get-OrsApplication ORS_DC1_1
    $backup = New-TestFolder
    $report = Get-OrsNode | Select-Object -First 1 | Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath $backup -Force
    $cassandra = [pscustomobject]@{ ClusterName = 'Genesys ORS Production Ring'; Keyspace = 'Orchestration_DC1'; Protocol = 'Thrift'
        ProtocolVersion = '19.39.0'; ReleaseVersion = '2.2.19'; Hosts = @([pscustomobject]@{ DataCenter = 'DC1' }, [pscustomobject]@{ DataCenter = 'DC2' }) }
    $cassandra.PSObject.TypeNames.Insert(0, 'OrsMigration.Persistence.OrsCassandraSession')
    $script:samples = @{
        'OrsMigration.OrsApplication'                 = Get-OrsApplication
        'OrsMigration.OrsOption'                      = Get-OrsApplication ORS_DC1_1_Backup | Get-OrsOption
        'OrsMigration.OrsConfigChange'                = $change
        'OrsMigration.OrsConfigDifference'            = Compare-OrsConfig $other (Get-OrsApplication ORS_DC1_1_Backup)
        'OrsMigration.OrsConfigExport'                = $export
        'OrsMigration.Config.OrsConfigConnection'     = Connect-OrsConfigServer -Path $lab.Connection.Location
        'OrsMigration.OrsNode'                        = Get-OrsNode
        'OrsMigration.OrsCluster'                     = Get-OrsCluster
        'OrsMigration.OrsCheckResult'                 = Get-OrsApplication | Test-OrsConfig
        'OrsMigration.OrsOptionInfo'                  = Get-OrsOptionReference
        'OrsMigration.Persistence.OrsCassandraSession' = $cassandra
        'OrsMigration.OrsSessionCount'                = Connect-OrsLab $lab.Path | ForEach-Object { Measure-OrsPersistedSession }
        'OrsMigration.OrsPersistedSession'            = Get-OrsPersistedSession | Select-Object -First 5
        'OrsMigration.Control.OrsServerStatus'        = Get-OrsNode | Get-OrsServerStatus
        'OrsMigration.Lab.OrsLab'                     = $lab
        'OrsMigration.Upgrade.OrsUpgradeReport'       = $report
        'OrsMigration.Upgrade.OrsUpgradeStep'         = Get-OrsUpgradeJournal $report.JournalPath
        'OrsMigration.OrsScxmlRecoveryResult'         = Test-OrsScxmlRecovery -Path (Join-Path $Samples 'ors-813/scxml')
    }
}

Describe 'Default table views' {
    It 'has a sample of every type a view is defined for' {
        foreach ($v in $views) { @($samples[$v.Type]).Count | Should -BeGreaterThan 0 -Because $v.Type }
    }

    It '<Width> columns: no line wider, no header or value cut' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        foreach ($v in $views) {
            $text = $samples[$v.Type] | Format-Table | Out-String -Width $Width
            $lines = $text -split "`r?`n"
            $lines | Where-Object { $_.Length -gt $Width } | Should -BeNullOrEmpty -Because "$($v.Type) at $Width"
            $text | Should -Not -Match '…' -Because "$($v.Type) at $Width must wrap, not cut"
            $header = ($lines | Where-Object { $_.Trim() } | Select-Object -First 1) -split '\s+' | Where-Object { $_ }
            foreach ($label in $v.Labels) { $header | Should -Contain $label -Because "$($v.Type) header at $Width" }
        }
    }

    It 'Format-List shows every property' {
        $text = Get-OrsApplication ORS_DC1_1 | Format-List | Out-String -Width 80
        foreach ($p in 'Type', 'Port', 'BackupDbid', 'RedundancyType', 'Source') { $text | Should -Match "(?m)^$p\s+:" }
    }
}
