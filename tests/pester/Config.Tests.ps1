BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Connecting and reading' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        $script:conn = Connect-TestStore $store
    }

    It 'returns the connection and makes it current' {
        $conn.Kind | Should -Be $Backend
        if ($Backend -eq 'File') { $conn.Location | Should -Be (Resolve-Path $store).Path }
        @(Get-OrsApplication).Count | Should -Be 4
    }

    It 'lists ORS Applications by default and every type with -Type Any' {
        @(Get-OrsApplication).Type | Sort-Object -Unique | Should -Be 'OrchestrationServer'
        @(Get-OrsApplication -Type Any).Count | Should -Be 14
        @(Get-OrsApplication 'URS*' -Type RouterServer).Name | Should -Be @('URS_DC1', 'URS_DC2')
    }

    It 'finds an exact name or DBID whatever its type' {
        (Get-OrsApplication URS_DC1).Type | Should -Be 'RouterServer'
        (Get-OrsApplication -Dbid 240).Name | Should -Be 'ORS_DC1_1'
    }

    It 'reports an unknown name as OrsMigration.ApplicationNotFound and goes on with the others' {
        $found = Get-OrsApplication -Name 'NoSuch', 'ORS_DC1_1' -ErrorVariable err -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'ORS_DC1_1'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ApplicationNotFound,*'
        $err[0].TargetObject | Should -Be 'NoSuch'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'lists options with wildcard filters' {
        $o = Get-OrsApplication ORS_DC1_1 | Get-OrsOption -Section orchestration -Name 'mcr-*-msn-*'
        $o.Name | Should -Be 'mcr-pull-by-msn-only'
        $o.Value | Should -Be 'false'
        $o.ApplicationDbid | Should -Be 240
    }

    It 'says what to do when nothing is connected' {
        Disconnect-OrsConfigServer
        { Get-OrsApplication -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.NotConnected,OrsMigration.Commands.GetOrsApplicationCommand'
    }

}

Describe 'Export, prune and restore (the guide steps 1, 2 and the rollback)' -ForEach @(@{ Sample = 'ors-812' }, @{ Sample = 'ors-813' }) {
    BeforeEach {
        $script:store = New-TestStore $Sample
        $script:backup = New-TestFolder
        Connect-TestStore $store | Out-Null
    }

    It 'gives every Application back exactly its exported options, same order' {
        $before = @{}
        Get-OrsApplication -Type Any | ForEach-Object { $before[$_.Dbid] = @(Get-OrsOption -InputObject $_ | ForEach-Object { "$($_.Section)/$($_.Name)=$($_.Value)" }) }
        $exports = Get-OrsApplication -Type Any | Export-OrsConfig -Path $backup
        $changes = Get-OrsApplication | Remove-OrsObsoleteOption -Force
        @($changes).Count | Should -BeGreaterThan 0
        Get-ChildItem (Join-Path $backup '*.cfg') | Restore-OrsConfig -Force | Out-Null
        foreach ($e in $exports) {
            @(Compare-OrsConfig -Reference $e -Difference (Get-OrsApplication -Dbid $e.ApplicationDbid) -IncludeOrder) | Should -HaveCount 0
        }
        Get-OrsApplication -Type Any | ForEach-Object {
            @(Get-OrsOption -InputObject $_ | ForEach-Object { "$($_.Section)/$($_.Name)=$($_.Value)" }) | Should -Be $before[$_.Dbid]
        }
    }
}

Describe 'Export-OrsConfig' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        $script:backup = New-TestFolder
        Connect-TestStore $store | Out-Null
    }

    It 'writes the .cfg, the snapshot and the manifest with matching hashes' {
        $e = Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup
        $e.Path | Should -Exist
        $e.SnapshotPath | Should -Exist
        (Get-FileHash $e.Path -Algorithm SHA256).Hash | Should -Be $e.Sha256.ToUpper()
        $manifest = Get-Content (Join-Path $backup 'manifest.json') -Raw | ConvertFrom-Json
        $manifest.exports[0].applicationDbid | Should -Be 240
        $manifest.exports[0].sha256 | Should -Be $e.Sha256
        [System.IO.File]::ReadAllText($e.Path) | Should -Match "^\[log\]`r`nverbose=standard`r`n"
    }

    It 'writes the UNIX flavour with -Format Conf' {
        $e = Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup -Format Conf
        $e.Path | Should -BeLike '*.conf'
        [System.IO.File]::ReadAllText($e.Path) | Should -Not -Match "`r"
    }

    It 'never replaces a rollback point: identical is a no-op, different is refused, kept or set aside' {
        $first = Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup
        $bytes = [System.IO.File]::ReadAllBytes($first.Path)
        (Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup).Outcome | Should -Be 'Unchanged'
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 30 -Force | Out-Null
        Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ExportExists,*'
        $err[0].TargetObject.Name | Should -Be 'ORS_DC1_1'
        (Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup -SkipExisting).Outcome | Should -Be 'Kept'
        [System.IO.File]::ReadAllBytes($first.Path) | Should -Be $bytes
        $new = Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup -Force -WarningAction SilentlyContinue
        $new.Outcome | Should -Be 'Replaced'
        [System.IO.File]::ReadAllBytes($new.PreviousPath) | Should -Be $bytes
    }

    It 'passes the Application on with -PassThru' {
        (Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup -PassThru).GetType().Name | Should -Be 'OrsApplication'
    }

    It 'changes nothing under -WhatIf' {
        $target = Join-Path $backup 'sub'
        Get-OrsApplication | Export-OrsConfig -Path $target -WhatIf | Should -BeNullOrEmpty
        $target | Should -Not -Exist
    }
}

Describe 'Remove-OrsObsoleteOption' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        Connect-TestStore $store | Out-Null
    }

    It 'deletes the obsolete options with a reason and carries get-list-item-by-urs over' {
        $changes = Get-OrsApplication ORS_DC1_1 | Remove-OrsObsoleteOption -Force
        @($changes | Where-Object Action -eq Remove).Name | Sort-Object | Should -Be @('get-list-item-by-urs', 'mcr-pull-by-msn-only', 'name', 'super_node')
        ($changes | Where-Object Action -eq Add).Name | Should -Be 'functions-by-urs'
        $changes | ForEach-Object { $_.Reason | Should -Not -BeNullOrEmpty }
        $app = Get-OrsApplication ORS_DC1_1
        $app.Options.Section('cluster') | Should -BeNullOrEmpty
        $app.Options.Get('orchestration', 'functions-by-urs') | Should -Be 'true'
    }

    It 'warns when get-list-item-by-urs and functions-by-urs disagree' {
        Get-OrsApplication ORS_DC2_2 | Remove-OrsObsoleteOption -Force -WarningVariable warn -WarningAction SilentlyContinue | Out-Null
        $warn.Count | Should -Be 1
        "$($warn[0])" | Should -Match 'ORS_DC2_2'
    }

    It 'changes nothing under -WhatIf, even with -Force' {
        $hash = Get-FolderHash $store
        Get-OrsApplication | Remove-OrsObsoleteOption -WhatIf | Should -BeNullOrEmpty
        Get-OrsApplication | Remove-OrsObsoleteOption -WhatIf -Force | Should -BeNullOrEmpty
        Get-FolderHash $store | Should -Be $hash
    }

    It 'under -WhatIf -PassThru emits a preview and leaves the piped object alone' {
        $app = Get-OrsApplication ORS_DC1_1
        $preview = $app | Remove-OrsObsoleteOption -WhatIf -PassThru
        $preview.Options.Contains('orchestration', 'mcr-pull-by-msn-only') | Should -BeFalse
        $app.Options.Contains('orchestration', 'mcr-pull-by-msn-only') | Should -BeTrue
    }

    It 'asks for confirmation: a non-interactive run without -Force fails instead of writing' {
        $hash = Get-FolderHash $store
        { Get-OrsApplication ORS_DC1_1 | Remove-OrsObsoleteOption -ErrorAction Stop } | Should -Throw
        Get-FolderHash $store | Should -Be $hash
    }

    It 'rejects a bad -TargetVersion clearly' {
        { Get-OrsApplication ORS_DC1_1 | Remove-OrsObsoleteOption -TargetVersion 'eight' -Force } | Should -Throw -ErrorId 'OrsMigration.InvalidVersion*'
    }

    It 'refuses a write based on a stale read and keeps the other change' {
        $stale = Get-OrsApplication ORS_DC1_1
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name other -Value 1 -Force -WarningAction SilentlyContinue | Out-Null
        $stale | Remove-OrsObsoleteOption -Force -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.StaleWrite,*'
        (Get-OrsApplication ORS_DC1_1).Options.Get('orchestration', 'other') | Should -Be '1'
        (Get-OrsApplication ORS_DC1_1).Options.Contains('orchestration', 'mcr-pull-by-msn-only') | Should -BeTrue
    }
}

Describe 'Set-OrsOption and Remove-OrsOption' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        Connect-TestStore $store | Out-Null
    }

    It 'sets one option in place and reports the change' {
        $c = Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section log -Name verbose -Value all
        $c.Action | Should -Be 'Update'
        $c.OldValue | Should -Be 'standard'
        $names = @(Get-OrsApplication ORS_DC1_1 | Get-OrsOption -Section log).Name
        $names[0] | Should -Be 'verbose'
    }

    It 'sets several options from a hashtable, keeping the piped object current' {
        $app = Get-OrsApplication ORS_DC1_1
        $app | Set-OrsOption -Option @{ 'persistence/cassandra-strategy-class' = 'SimpleStrategy'; 'orchestration/mcr-pull-limit' = '' } | Out-Null
        $app | Set-OrsOption -Section scxml -Name x -Value 1 -Force -WarningAction SilentlyContinue | Out-Null
        $now = Get-OrsApplication ORS_DC1_1
        $now.Options.Get('persistence', 'cassandra-strategy-class') | Should -Be 'SimpleStrategy'
        $now.Options.Get('orchestration', 'mcr-pull-limit') | Should -Be ''
        $now.Options.Get('scxml', 'x') | Should -Be '1'
    }

    It 'rejects a key that is not section/name and changes nothing' {
        $hash = Get-FolderHash $store
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Option @{ 'nosection' = '1' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.InvalidOptionKey,*'
        Get-FolderHash $store | Should -Be $hash
    }

    It 'Set-OrsOption changes nothing under -WhatIf' {
        $hash = Get-FolderHash $store
        Get-OrsApplication | Set-OrsOption -Section log -Name verbose -Value all -WhatIf | Should -BeNullOrEmpty
        Get-FolderHash $store | Should -Be $hash
    }

    It 'removes named options, or a whole section' {
        Get-OrsApplication ORS_DC1_1 | Remove-OrsOption -Section cluster -Name super_node -Force | Out-Null
        (Get-OrsApplication ORS_DC1_1).Options.Get('cluster', 'name') | Should -Be 'ORS_Cluster_1'
        $c = Get-OrsApplication ORS_DC1_1 | Remove-OrsOption -Section persistence -Force
        @($c).Count | Should -Be 3
        (Get-OrsApplication ORS_DC1_1).Options.Section('persistence') | Should -BeNullOrEmpty
    }

    It 'reports an exactly named option that is not there' {
        Get-OrsApplication ORS_DC1_1 | Remove-OrsOption -Section log -Name nope -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.OptionNotFound,*'
    }

    It 'Remove-OrsOption changes nothing under -WhatIf' {
        $hash = Get-FolderHash $store
        Get-OrsApplication | Remove-OrsOption -Section log -WhatIf -Force | Should -BeNullOrEmpty
        Get-FolderHash $store | Should -Be $hash
    }
}

Describe 'Restore-OrsConfig' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        $script:backup = New-TestFolder
        Connect-TestStore $store | Out-Null
        $script:export = Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup
        Get-OrsApplication ORS_DC1_1 | Remove-OrsObsoleteOption -Force | Out-Null
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section persistence -Name cassandra-strategy-class -Value SimpleStrategy | Out-Null
    }

    It 'Exact deletes what the file lacks and verifies by reading back' {
        $changes = Restore-OrsConfig -Path $export.Path -Force -Verbose 4>&1
        ($changes | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'verified' }) | Should -Not -BeNullOrEmpty
        @(Compare-OrsConfig $export.Path ORS_DC1_1 -IncludeOrder) | Should -HaveCount 0
    }

    It 'Merge adds and overwrites but keeps options the file lacks' {
        Restore-OrsConfig -Path $export.Path -Mode Merge -Force | Out-Null
        $app = Get-OrsApplication ORS_DC1_1
        $app.Options.Get('persistence', 'cassandra-strategy-class') | Should -Be 'SimpleStrategy'
        $app.Options.Get('orchestration', 'mcr-pull-by-msn-only') | Should -Be 'false'
    }

    It 'takes the export records and Get-ChildItem output from the pipeline' {
        $export | Restore-OrsConfig -Force | Should -Not -BeNullOrEmpty
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section a -Name b -Value c -Force -WarningAction SilentlyContinue | Out-Null
        Get-ChildItem $backup -Filter *.cfg | Restore-OrsConfig -Force -PassThru | ForEach-Object Name | Should -Be 'ORS_DC1_1'
    }

    It 'changes nothing under -WhatIf' {
        $hash = Get-FolderHash $store
        Restore-OrsConfig -Path $export.Path -WhatIf | Should -BeNullOrEmpty
        Restore-OrsConfig -Path $export.Path -WhatIf -Force | Should -BeNullOrEmpty
        Get-FolderHash $store | Should -Be $hash
    }

    It 'refuses a tampered export even with -Force, and restores it with -SkipIntegrityCheck' {
        Add-Content -Path $export.Path -Value 'tampered=1'
        $hash = Get-FolderHash $store
        Restore-OrsConfig -Path $export.Path -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ExportIntegrityFailed,*'
        $err[0].TargetObject | Should -Be $export.Path
        Get-FolderHash $store | Should -Be $hash
        Restore-OrsConfig -Path $export.Path -Force -SkipIntegrityCheck | Out-Null
        (Get-OrsApplication ORS_DC1_1).Options.Get('persistence', 'tampered') | Should -Be '1'
    }

    It 'refuses a truncated export' {
        $bytes = [System.IO.File]::ReadAllBytes($export.Path)
        [System.IO.File]::WriteAllBytes($export.Path, $bytes[0..20])
        $hash = Get-FolderHash $store
        Restore-OrsConfig -Path $export.Path -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ExportIntegrityFailed,*'
        Get-FolderHash $store | Should -Be $hash
    }

    It 'restores object fields from the snapshot with -IncludeObject' {
        $p = Get-Content (Join-Path $store 'CfgApplication/240.json') -Raw | ConvertFrom-Json
        $p.version = '8.1.400.64'
        $p | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $store 'CfgApplication/240.json')
        Restore-OrsConfig -Path $export.Path -IncludeObject -Force | Out-Null
        (Get-OrsApplication ORS_DC1_1).Version | Should -Be '8.1.200.38'
    }

    It 'names the file and line of a malformed export and writes nothing: <_>' -ForEach @(Get-ChildItem (Join-Path $PSScriptRoot '../cfg-corpus/malformed') | ForEach-Object Name) {
        $file = Join-Path $backup $_
        Copy-Item (Join-Path $Corpus "malformed/$_") $file
        $line = [int](($_ -split '\.' | Where-Object { $_ -match '^L\d+$' }) -replace 'L')
        $hash = Get-FolderHash $store
        Restore-OrsConfig -Path $file -Application ORS_DC1_1 -SkipIntegrityCheck -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.CfgInvalid,*'
        $err[0].Exception.Message | Should -BeLike "$file`:$line`: *"
        Get-FolderHash $store | Should -Be $hash
    }
}

Describe 'Compare-OrsConfig' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        $script:backup = New-TestFolder
        Connect-TestStore $store | Out-Null
        $script:export = Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup
    }

    It 'reports nothing for identical options' {
        @(Compare-OrsConfig -Reference $export -Difference (Get-OrsApplication ORS_DC1_1) -IncludeOrder) | Should -HaveCount 0
    }

    It 'reports removed, added and changed options with side indicators' {
        Get-OrsApplication ORS_DC1_1 | Remove-OrsObsoleteOption -Force | Out-Null
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section log -Name verbose -Value all | Out-Null
        $d = Compare-OrsConfig $export.Path ORS_DC1_1
        ($d | Where-Object Name -eq 'mcr-pull-by-msn-only').SideIndicator | Should -Be '<='
        ($d | Where-Object Name -eq 'functions-by-urs').SideIndicator | Should -Be '=>'
        ($d | Where-Object Name -eq 'verbose').SideIndicator | Should -Be '<>'
    }

    It 'compares two files without a connection' {
        Disconnect-OrsConfigServer
        @(Compare-OrsConfig $export.Path $export.Path) | Should -HaveCount 0
    }

    It 'reports a malformed file with its line' {
        Compare-OrsConfig (Join-Path $Corpus 'malformed/05-duplicate-option.L5.cfg') $export.Path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -BeLike '*05-duplicate-option.L5.cfg:5:*'
    }
}
