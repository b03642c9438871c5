# Tab completion offers Genesys names (never file paths) for Applications, option sections and
# names, clusters, lab Applications and journal run ids.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText
    }
}

Describe 'Argument completers' {
    It 'offers nothing, not file paths, when no store is connected' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($Manifest) Import-Module $Manifest
            $line = 'Get-OrsApplication -Name '
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.Count
        }).AddArgument($ModuleManifest)
        $ps.Invoke() | Should -Be 0
        $ps.Dispose()
    }

    It 'completes Application names of the current store' {
        Connect-OrsConfigServer -Path (New-TestStore 'ors-813') | Out-Null
        Get-Completion 'Get-OrsApplication -Name ORS_DC2_1' | Should -Be @('ORS_DC2_1', 'ORS_DC2_1_Backup')
        Get-Completion 'Get-OrsApplication ors_dc1_2_b' | Should -Be 'ORS_DC1_2_Backup'
        Get-Completion 'Restore-OrsConfig -Path x.cfg -Application ORS_DC1_1_' | Should -Be 'ORS_DC1_1_Backup'
    }

    It 'completes option sections from the catalogue and names within the section given' {
        Connect-OrsConfigServer -Path (New-TestStore 'ors-813') | Out-Null
        Get-Completion 'Set-OrsOption -Section orch' | Should -Be 'orchestration'
        $names = Get-Completion 'Set-OrsOption -Section persistence -Name cassandra-s'
        $names | Should -Contain 'cassandra-schema-version'
        $names | Should -Contain 'cassandra-strategy-class'
        $names | Where-Object { $_ -notlike 'cassandra-s*' } | Should -BeNullOrEmpty
        Get-Completion 'Get-OrsOption -Section orchestration -Name mcr-pull-l' | Should -Be 'mcr-pull-limit'
        Get-Completion 'Remove-OrsOption -Section orchestration -Name mcr-pull-by-m' | Should -Be 'mcr-pull-by-msn-only'
    }

    It 'adds the sections and options of an Application given as -InputObject' {
        Connect-OrsConfigServer -Path (New-TestStore 'ors-813') | Out-Null
        $app = Get-OrsApplication ORS_DC1_1
        $app | Set-OrsOption -Section 'site-specific' -Name 'my-own-key' -Value 1 -Force
        $global:completionApp = Get-OrsApplication ORS_DC1_1
        try {
            Get-Completion 'Get-OrsOption -InputObject $global:completionApp -Section site-' | Should -Be 'site-specific'
            Get-Completion 'Get-OrsOption -InputObject $global:completionApp -Section site-specific -Name my-' |
                Should -Be 'my-own-key'
        }
        finally { Remove-Variable completionApp -Scope Global }
    }

    It 'completes cluster names' {
        Connect-OrsConfigServer -Path (New-TestStore 'ors-812') | Out-Null
        $clusters = @(Get-OrsCluster | ForEach-Object Name)
        $clusters.Count | Should -BeGreaterThan 0
        Get-Completion 'Get-OrsNode -Cluster ' | Should -Be ($clusters | Sort-Object)
        Get-Completion "Get-OrsCluster $($clusters[0].Substring(0, 3))" | Should -Contain $clusters[0]
    }

    It 'completes lab Applications and journal run ids' {
        $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 3600
        Get-Completion 'Set-OrsLabFault -Application ORS_DC2_2' | Should -Be @('ORS_DC2_2', 'ORS_DC2_2_Backup')
        $backup = New-TestFolder
        Get-OrsNode | Select-Object -First 1 | Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath $backup -Force | Out-Null
        $journal = Join-Path $backup 'upgrade-journal.jsonl'
        $runId = (Get-OrsUpgradeJournal $journal | Select-Object -First 1).RunId
        Get-Completion "Get-OrsUpgradeJournal -Path '$journal' -RunId " | Should -Be $runId
        @(Get-OrsUpgradeJournal $journal -RunId $runId).Count | Should -BeGreaterThan 2
        @(Get-OrsUpgradeJournal $journal -RunId 'none-such').Count | Should -Be 0
    }

    It 'quotes names that need it' {
        $store = New-TestStore 'ors-813'
        Connect-OrsConfigServer -Path $store | Out-Null
        $json = Get-Content (Join-Path $store 'CfgApplication/240.json') -Raw | ConvertFrom-Json
        $json.name = 'ORS DC1 copy'; $json.dbid = '9240';
        $json | ConvertTo-Json -Depth 20 | Set-Content (Join-Path $store 'CfgApplication/9240.json')
        Get-Completion 'Get-OrsApplication ORS*copy' | Should -Be "'ORS DC1 copy'"
    }
}
