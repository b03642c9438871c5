# Pipeline input by property name: objects that name an Application (Name, Dbid, ApplicationName),
# Import-Csv rows, Get-OrsOption and Test-OrsConfig output are looked up in the store, never used
# as they are; a name that is not there is an ApplicationNotFound error for that item.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Applications given by property name' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        Connect-TestStore $store | Out-Null
    }

    It 'Set-OrsOption updates the real Application named by a Name property' {
        $c = [pscustomobject]@{ Name = 'ORS_DC1_1' } | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 7
        $c.Action | Should -Be 'Update'
        $c.ApplicationName | Should -Be 'ORS_DC1_1'
        (Get-OrsApplication ORS_DC1_1).Options.Get('orchestration', 'mcr-pull-limit') | Should -Be '7'
    }

    It 'a Dbid property finds the Application; a Name that disagrees with it is refused' {
        [pscustomobject]@{ Dbid = 240 } | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 8 | Out-Null
        (Get-OrsApplication ORS_DC1_1).Options.Get('orchestration', 'mcr-pull-limit') | Should -Be '8'
        $hash = Get-FolderHash $store
        [pscustomobject]@{ Dbid = 240; Name = 'ORS_DC2_1' } | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 9 `
            -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ApplicationNotFound,*'
        $err[0].Exception.Message | Should -BeLike "*dbid 240 is ORS_DC1_1*"
        Get-FolderHash $store | Should -Be $hash
    }

    It 'a name not in the store is an ApplicationNotFound error for that item; the others go on (<Command>)' -ForEach @(
        @{ Command = 'Set-OrsOption'; Run = { $input | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 5 @args } },
        @{ Command = 'Remove-OrsObsoleteOption'; Run = { $input | Remove-OrsObsoleteOption -Force @args } },
        @{ Command = 'Export-OrsConfig'; Run = { $input | Export-OrsConfig -Path (New-TestFolder) @args } },
        @{ Command = 'Get-OrsOption'; Run = { $input | Get-OrsOption @args } },
        @{ Command = 'Test-OrsConfig'; Run = { $input | Test-OrsConfig @args } }
    ) {
        $rows = [pscustomobject]@{ Name = 'ORS_NOPE' }, [pscustomobject]@{ Name = 'ORS_DC1_2' }
        $all = $rows | & $Run -ErrorAction Continue 2>&1
        $err = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $out = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        @($err | Where-Object FullyQualifiedErrorId -like 'OrsMigration.ApplicationNotFound,*') | Should -HaveCount 1
        $err[0].Exception.Message | Should -BeLike "*'ORS_NOPE'*"
        $out | Should -Not -BeNullOrEmpty
    }

    It 'Import-Csv rows bind like objects' {
        $csv = Join-Path (New-TestFolder) 'apps.csv'
        "Name,Dbid`nORS_DC1_1,240`nORS_DC1_2," | Set-Content $csv
        $changes = Import-Csv $csv | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 11
        @($changes).ApplicationName | Should -Be @('ORS_DC1_1', 'ORS_DC1_2')
    }

    It 'a piped Application''s own Name is never taken for the option name of Remove-OrsOption' {
        $c = Get-OrsApplication ORS_DC1_1 | Remove-OrsOption -Section persistence -Force
        @($c).Count | Should -BeGreaterThan 1
        (Get-OrsApplication ORS_DC1_1).Options.Section('persistence') | Should -BeNullOrEmpty
    }

    It 'Get-OrsOption output pipes to Remove-OrsOption without prompting' {
        Get-OrsApplication ORS_DC1_1 | Get-OrsOption -Section orchestration -Name mcr-pull-by-msn-only |
            Remove-OrsOption -Force | Should -Not -BeNullOrEmpty
        @(Get-OrsApplication ORS_DC1_1 | Get-OrsOption -Section orchestration -Name mcr-pull-by-msn-only) | Should -HaveCount 0
        (Get-OrsApplication ORS_DC1_2).Options.Get('orchestration', 'mcr-pull-by-msn-only') | Should -Not -BeNullOrEmpty
    }

    It 'Test-OrsConfig results for obsolete options pipe to Remove-OrsOption' {
        $obsolete = Get-OrsApplication ORS_DC1_1 | Test-OrsConfig | Where-Object Check -eq ObsoleteOption
        $obsolete | Should -Not -BeNullOrEmpty
        $obsolete | Remove-OrsOption -Force | Out-Null
        @(Get-OrsApplication ORS_DC1_1 | Test-OrsConfig | Where-Object Check -eq ObsoleteOption) | Should -HaveCount 0
    }

    It 'New-OrsBackupApplication never creates a backup for an object that is not in the store' {
        $hash = Get-FolderHash $store
        [pscustomobject]@{ Name = 'ORS_NOPE' } | New-OrsBackupApplication -HostName dc1-ors1b -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ApplicationNotFound,*'
        Get-FolderHash $store | Should -Be $hash
    }
}
