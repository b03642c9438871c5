# The rollback point under attack (issue 9): odd names, edited manifests, damaged files, hostile
# links, malformed objects, and workflows run twice. Each test reproduces a way the rollback point
# was once lost or mis-targeted.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'ChildPwsh.ps1')

    # A copy of an Application's stored JSON under a new DBID and name, as a second object in the store.
    function Add-StoreApplication([string] $Store, [int] $FromDbid, [int] $Dbid, [string] $Name) {
        $json = Get-Content (Join-Path $Store "CfgApplication/$FromDbid.json") -Raw | ConvertFrom-Json
        $json.dbid = "$Dbid"; $json.name = $Name
        $json | ConvertTo-Json -Depth 20 | Set-Content (Join-Path $Store "CfgApplication/$Dbid.json")
    }

    function Get-OptionText($App) { @(Get-OrsOption -InputObject $App | ForEach-Object { "$($_.Section)/$($_.Name)=$($_.Value)" }) -join ';' }
}

Describe 'Export names are unique per Application and restores go only where the export came from' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        $script:backup = New-TestFolder
        Connect-OrsConfigServer -Path $store | Out-Null
    }

    It 'keeps duplicate and case-only names apart, and restores each onto its own Application' {
        Add-StoreApplication $store 240 940 'ORS_DC1_1'     # same name, another DBID
        Add-StoreApplication $store 240 941 'ors_dc1_1'     # same name but for letter case
        $apps = @(Get-OrsApplication -Dbid 240, 940, 941)
        $exports = $apps | Export-OrsConfig -Path $backup
        @($exports.Path | ForEach-Object { $_.ToUpperInvariant() } | Sort-Object -Unique).Count | Should -Be 3
        $before = @{}; foreach ($a in $apps) { $before[$a.Dbid] = Get-OptionText $a }
        foreach ($a in $apps) { $a | Set-OrsOption -Section orchestration -Name marker -Value "x$($a.Dbid)" -Force | Out-Null }
        Get-ChildItem $backup -Filter *.cfg | Restore-OrsConfig -Force | Out-Null
        foreach ($dbid in 240, 940, 941) { Get-OptionText (Get-OrsApplication -Dbid $dbid) | Should -Be $before[$dbid] }
    }

    It 'treats [ ] in names literally: each file restored once, onto its own Application' {
        Add-StoreApplication $store 240 950 'ORS[1]'
        Add-StoreApplication $store 241 951 'ORS1'
        Get-OrsApplication -Dbid 950, 951 | Export-OrsConfig -Path $backup | Out-Null
        Get-OrsApplication -Dbid 950, 951 | Set-OrsOption -Section orchestration -Name marker -Value changed -Force | Out-Null
        $changes = Get-ChildItem $backup -Filter *.cfg | Restore-OrsConfig -Force
        @($changes | Group-Object ApplicationDbid | Where-Object Count -ne 1).Count | Should -Be 0
        @($changes.ApplicationDbid | Sort-Object) | Should -Be @(950, 951)
        (Get-OrsApplication -Dbid 950).Options.Contains('orchestration', 'marker') | Should -BeFalse
        (Get-OrsApplication -Dbid 951).Options.Contains('orchestration', 'marker') | Should -BeFalse
    }

    It 'says so when a -Path pattern matches nothing' {
        Restore-OrsConfig -Path (Join-Path $backup 'NoSuch*.cfg') -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ExportNotFound,*'
    }

    It 'exports Windows device names and very long names to portable files' {
        Add-StoreApplication $store 240 960 'CON'
        Add-StoreApplication $store 240 961 'com1'
        Add-StoreApplication $store 240 962 ('ORS_' + 'x' * 236)
        $exports = Get-OrsApplication -Dbid 960, 961, 962 | Export-OrsConfig -Path $backup
        @($exports).Count | Should -Be 3
        $exports | ForEach-Object { [System.IO.Path]::GetFileNameWithoutExtension($_.Path) | Should -Match '_dbid96\d$' }
        Get-ChildItem $backup -Filter *.cfg | Restore-OrsConfig -Force -ErrorAction Stop | Out-Null
    }

    It 'refuses a manifest whose DBID was edited, and one that points outside its folder, writing nothing' {
        $export = Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup
        $manifest = Join-Path $backup 'manifest.json'
        $original = Get-Content $manifest -Raw
        $storeBefore = Get-FolderHash $store
        ($original -replace '"applicationDbid": 240', '"applicationDbid": 241') | Set-Content $manifest -NoNewline
        Restore-OrsConfig -LiteralPath $export.Path -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ManifestEntryInvalid,*'
        $err[0].Exception.Message | Should -BeLike '*damaged*'
        ($original -replace '"snapshotFile": "ORS_DC1_1.snapshot.json"', '"snapshotFile": "../outside.json"') | Set-Content $manifest -NoNewline
        Restore-OrsConfig -LiteralPath $export.Path -IncludeObject -Force -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ManifestEntryInvalid,*'
        Get-FolderHash $store | Should -Be $storeBefore
    }

    It 'seals the manifest with -IntegrityKey and refuses a restore without the right key' {
        $key = [pscredential]::new('k', (ConvertTo-SecureString 'S3cret-key' -AsPlainText -Force))
        $export = Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup -IntegrityKey $key
        { Restore-OrsConfig -LiteralPath $export.Path -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.ManifestEntryInvalid,*'
        $wrong = ConvertTo-SecureString 'guess' -AsPlainText -Force          # a SecureString, as Get-Secret returns
        { Restore-OrsConfig -LiteralPath $export.Path -IntegrityKey $wrong -Force -ErrorAction Stop } | Should -Throw '*without the key*'
        Restore-OrsConfig -LiteralPath $export.Path -IntegrityKey $key -Force -ErrorAction Stop | Out-Null
    }

    It 'refuses a restore onto a renamed Application unless asked explicitly' {
        $export = Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup
        $file = Join-Path $store 'CfgApplication/240.json'
        (Get-Content $file -Raw) -replace '"name": "ORS_DC1_1"', '"name": "ORS_DC1_1_new"' | Set-Content $file -NoNewline
        { Restore-OrsConfig -LiteralPath $export.Path -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.RestoreTargetMismatch,*'
        { Restore-OrsConfig -LiteralPath $export.Path -Application ORS_DC1_2 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.RestoreTargetMismatch,*'
        Restore-OrsConfig -LiteralPath $export.Path -Application ORS_DC1_1_new -AllowOtherApplication -Force -ErrorAction Stop | Out-Null
    }
}

Describe 'Damaged input stays one bad item' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        $script:backup = New-TestFolder
        Connect-OrsConfigServer -Path $store | Out-Null
    }

    It '<Command> reports an object whose name is a JSON object and returns the others' -ForEach @(
        @{ Command = 'Get-OrsApplication' }, @{ Command = 'Get-OrsNode' },
        @{ Command = 'Test-OrsConfig' }, @{ Command = 'Test-OrsMigrationPrerequisite' }
    ) {
        $file = Join-Path $store 'CfgApplication/243.json'
        $json = Get-Content $file -Raw | ConvertFrom-Json
        $json.name = [pscustomobject]@{ text = 'ORS_DC2_2' }
        $json | ConvertTo-Json -Depth 20 | Set-Content $file
        $out = & $Command -ErrorVariable err -ErrorAction SilentlyContinue
        @($out).Count | Should -BeGreaterThan 0
        @($err | Where-Object FullyQualifiedErrorId -like 'OrsMigration.StoreObjectInvalid,*').Count | Should -BeGreaterOrEqual 1
        $err[0].Exception.Message | Should -BeLike '*dbid 243*'
    }

    It 'refuses a port it cannot hold instead of writing it back as 0' {
        $file = Join-Path $store 'CfgApplication/242.json'
        (Get-Content $file -Raw) -replace '"port": "\d+"', '"port": "99999999999"' | Set-Content $file -NoNewline
        $before = Get-Content $file -Raw
        Get-OrsApplication -ErrorVariable err -ErrorAction SilentlyContinue | Set-OrsOption -Section x -Name y -Value z -Force -ErrorAction SilentlyContinue | Out-Null
        $err[0].Exception.Message | Should -BeLike '*99999999999*'
        Get-Content $file -Raw | Should -Be $before
    }

    It 'refuses a UTF-8 export with one stray byte instead of reading it as Windows-1252' {
        $cfg = Join-Path $backup 'ORS_DC1_1.cfg'
        $bytes = [System.Text.Encoding]::UTF8.GetBytes("[geo]`r`ncity=Zürich – Genève`r`nx=1`r`n") + [byte[]](0xFF) + [System.Text.Encoding]::UTF8.GetBytes("y=2`r`n")
        [System.IO.File]::WriteAllBytes($cfg, $bytes)
        $storeBefore = Get-FolderHash $store
        Restore-OrsConfig -LiteralPath $cfg -SkipIntegrityCheck -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.CfgInvalid,*'
        $err[0].Exception.Message | Should -BeLike '*ORS_DC1_1.cfg:4*'
        Get-FolderHash $store | Should -Be $storeBefore
    }

    It 'reads a real Windows-1252 export and says which encoding it used' {
        $cfg = Join-Path $backup 'ORS_DC1_1.cfg'
        [System.IO.File]::WriteAllBytes($cfg, [byte[]][char[]]"[geo]`r`ncity=Z$([char]0xFC)rich`r`n")
        Restore-OrsConfig -LiteralPath $cfg -SkipIntegrityCheck -Force -WarningVariable warn -WarningAction SilentlyContinue | Out-Null
        $warn[0] | Should -BeLike '*Windows-1252*'
        (Get-OrsApplication ORS_DC1_1).Options.Get('geo', 'city') | Should -Be 'Zürich'
    }

    It 'refuses a dangling link in the lock file''s place instead of creating a file elsewhere' {
        $outside = Join-Path (New-TestFolder) 'made-by-export'
        New-Item -ItemType SymbolicLink -Path (Join-Path $backup '.orsmigration.lock') -Target $outside | Out-Null
        Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.LockFileIsLink,*'
        $outside | Should -Not -Exist
    }

    It 'removes the temporary file a crashed write left behind on the next write' {
        $stale = Join-Path $store 'CfgApplication/.240.json.deadbeef.tmp'
        [System.IO.File]::WriteAllBytes($stale, [byte[]]::new(1MB))
        [System.IO.File]::SetLastWriteTimeUtc($stale, [datetime]::UtcNow.AddHours(-1))
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name marker -Value 1 -Force | Out-Null
        $stale | Should -Not -Exist
    }
}

Describe 'Workflows run twice keep the first rollback point' {
    It 'the preparation runbook, run again, leaves its export folder exactly as the first run wrote it' {
        $repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
        $store = New-TestStore 'ors-813'
        $export = Join-Path (New-TestFolder) 'export'
        $runbook = Join-Path $repo 'docs/runbooks/Invoke-OrsMigrationPrep.ps1'
        $settings = Join-Path $repo 'docs/runbooks/ors-813.settings.psd1'
        Invoke-ChildPwsh -File $runbook -StorePath $store -ExportPath $export -SettingsPath $settings -ModulePath $ModuleManifest | Out-Null
        $LASTEXITCODE | Should -Be 0
        $first = Get-FolderHash $export
        $cfg = Get-Content (Join-Path $export 'ORS_DC1_1.cfg') -Raw
        Invoke-ChildPwsh -File $runbook -StorePath $store -ExportPath $export -SettingsPath $settings -ModulePath $ModuleManifest | Out-Null
        $LASTEXITCODE | Should -Be 0
        Get-FolderHash $export | Should -Be $first
        Get-Content (Join-Path $export 'ORS_DC1_1.cfg') -Raw | Should -Be $cfg
        Connect-OrsConfigServer -Path $store | Out-Null
        # The rollback point still holds what the runbook pruned.
        @(Compare-OrsConfig (Join-Path $export 'ORS_DC1_1.cfg') ORS_DC1_1 | Where-Object SideIndicator -eq '<=').Count | Should -BeGreaterThan 0
    }
}

Describe 'An export folder with a crashed write in it' {
    It 'removes the old temporary file when the folder is next exported into, even when nothing is rewritten' {
        $store = New-TestStore 'ors-812'
        $backup = New-TestFolder
        Connect-OrsConfigServer -Path $store | Out-Null
        Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup | Out-Null
        $stale = Join-Path $backup '.ORS_DC1_2.cfg.0badf00d.tmp'
        [System.IO.File]::WriteAllBytes($stale, [byte[]]::new(1MB))
        [System.IO.File]::SetLastWriteTimeUtc($stale, [datetime]::UtcNow.AddHours(-1))
        (Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path $backup).Outcome | Should -Be 'Unchanged'
        $stale | Should -Not -Exist
    }
}
