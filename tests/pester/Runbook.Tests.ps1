BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'ChildPwsh.ps1')
    $script:runbook = Join-Path $RepoRoot 'docs/runbooks/Invoke-OrsMigrationPrep.ps1'
}

Describe 'The preparation runbook run as a scheduled task' {
    It 'stops with exit code 2 on the 8.1.2 sample (URS 8.1.3) before changing anything' {
        $store = New-TestStore 'ors-812'
        $hash = Get-FolderHash $store
        $out = Invoke-ChildPwsh -File $runbook -StorePath $store -ExportPath (New-TestFolder) -ModulePath $ModuleManifest 2>&1
        $LASTEXITCODE | Should -Be 2
        "$out" | Should -Match 'URS 8.1.4'
        Get-FolderHash $store | Should -Be $hash
    }

    It 'exits 3 naming the node when a backup host is missing' {
        $store = New-TestStore 'ors-813'
        Get-ChildItem (Join-Path $store 'CfgApplication') | Where-Object { (Get-Content $_ -Raw) -match '"name": "ORS_DC2_2_Backup"' } | Remove-Item
        $p = Get-Content (Join-Path $store 'CfgApplication/246.json') -Raw | ConvertFrom-Json
        $p.backupserverdbid = '0'
        $p | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $store 'CfgApplication/246.json')
        $out = Invoke-ChildPwsh -File $runbook -StorePath $store -ExportPath (New-TestFolder) -ModulePath $ModuleManifest 2>&1
        $LASTEXITCODE | Should -Be 3
        "$out" | Should -Match 'ORS_DC2_2'
    }
}
