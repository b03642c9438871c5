<#
    Pester verification of a prepared deployment (after Invoke-OrsMigrationPrep.ps1):
    Invoke-Pester -Container (New-PesterContainer -Path ./OrsMigrationPrep.Tests.ps1 -Data @{
        StorePath = 'D:\ors\config'; ExportPath = 'D:\ors\backup' })
#>
param(
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $ExportPath,
    [string] $ModulePath = 'OrsMigration'
)

BeforeAll {
    Import-Module $ModulePath
    Connect-OrsConfigServer -Path $StorePath | Out-Null
    $script:ors = @(Get-OrsApplication)
    $script:manifest = Get-Content (Join-Path $ExportPath 'manifest.json') -Raw | ConvertFrom-Json
}

Describe 'A deployment ready for ORS 8.1.4' {
    It 'has an intact export of every ORS Application' {
        foreach ($app in $ors) {
            $entry = $manifest.exports | Where-Object applicationDbid -eq $app.Dbid
            $entry | Should -Not -BeNullOrEmpty -Because "$($app.Name) must have a rollback point"
            (Get-FileHash (Join-Path $ExportPath $entry.file) -Algorithm SHA256).Hash | Should -Be $entry.sha256.ToUpper()
        }
    }

    It 'has no failing configuration check' {
        Test-OrsConfig | Where-Object Status -eq Fail | Should -BeNullOrEmpty
    }

    It 'meets every prerequisite of the migration guide' {
        Test-OrsMigrationPrerequisite | Where-Object Status -eq Fail | Should -BeNullOrEmpty
    }

    It 'pairs every node with a Warm Standby backup' {
        foreach ($node in Get-OrsNode) {
            $node.Backup | Should -Not -BeNullOrEmpty -Because "$($node.Name) needs HA for the rolling upgrade"
            $node.Primary.RedundancyType | Should -Be 'WarmStandby'
        }
    }

    It 'has one persistence configuration on every ORS Application' {
        @($ors | ForEach-Object { $_.Options.Get('persistence', 'cassandra-keyspace-name') } | Sort-Object -Unique).Count | Should -Be 1
    }
}
