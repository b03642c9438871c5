BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Get-OrsOptionReference' {
    It 'describes an option with its source and confidence' {
        $o = Get-OrsOptionReference backup-synch-max-buffer
        $o.Default | Should -Be '100'
        $o.Unit | Should -Be 'KB'
        $o.Confidence | Should -Be 'Confirmed'
        $o.Source | Should -Match 'AppLevel'
    }

    It 'filters by release: 8.1.4 has no mcr-pull-by-msn-only' {
        @(Get-OrsOptionReference mcr-pull-by-msn-only -Version 8.1.3).Count | Should -Be 1
        Get-OrsOptionReference -Name 'mcr-*' -Version 8.1.4 | ForEach-Object Name | Should -Not -Contain 'mcr-pull-by-msn-only'
    }

    It 'suggests names for an unknown option' {
        Get-OrsOptionReference functions-by-usr -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.OptionNotInCatalog,*'
        $err[0].Exception.Message | Should -Match 'functions-by-urs'
    }

    It 'takes corrections from the site catalogue named by ORSMIGRATION_OPTION_CATALOG' {
        $file = Join-Path (New-TestFolder) 'site.json'
        '{ "options": [ { "section": "orchestration", "name": "site-only", "confidence": "Confirmed", "source": "site" } ] }' | Set-Content $file
        try {
            $env:ORSMIGRATION_OPTION_CATALOG = $file
            (Get-OrsOptionReference site-only).Source | Should -Be 'site'
        }
        finally { Remove-Item Env:ORSMIGRATION_OPTION_CATALOG }
        Get-OrsOptionReference site-only -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Set-OrsOption against the catalogue' {
    BeforeEach {
        $script:store = New-TestStore 'ors-813'
        Connect-TestStore $store | Out-Null
    }

    It 'refuses an unknown ORS option with the closest names, and writes nothing' {
        $hash = Get-FolderHash $store
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name functions-by-usr -Value true -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.UnknownOption,*'
        $err[0].Exception.Message | Should -Match 'Did you mean orchestration/functions-by-urs'
        Get-FolderHash $store | Should -Be $hash
    }

    It 'sets an unknown option with -Force, warning' {
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name site-thing -Value 1 -Force -WarningVariable warn -WarningAction SilentlyContinue | Out-Null
        $warn.Count | Should -Be 1
        (Get-OrsApplication ORS_DC1_1).Options.Get('orchestration', 'site-thing') | Should -Be '1'
    }

    It 'refuses a value outside a confirmed range, naming the valid values' {
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name call-watching-timeout -Value 50 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.InvalidOptionValue,*'
        $err[0].Exception.Message | Should -Match '1000 to 300000'
        (Get-OrsApplication ORS_DC1_1).Options.Get('orchestration', 'call-watching-timeout') | Should -Be '5000'
    }

    It 'sets a known option to a valid value' {
        $c = Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name call-watching-timeout -Value 6000
        $c.NewValue | Should -Be '6000'
    }

    It 'refuses a value the catalogue merely infers unless -Force, and says the rule is not confirmed' {
        $hash = Get-FolderHash $store
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value twenty -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.InvalidOptionValue,*'
        $err[0].Exception.Message | Should -Match 'not confirmed by a source.*-Force'
        Get-FolderHash $store | Should -Be $hash
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section persistence -Name cassandra-strategy-class -Value LocalStrategy -Force -WarningVariable warn -WarningAction SilentlyContinue | Out-Null
        "$warn" | Should -Match 'not confirmed'
        (Get-OrsApplication ORS_DC1_1).Options.Get('persistence', 'cassandra-strategy-class') | Should -Be 'LocalStrategy'
    }

    It 'refuses a misspelt section, naming the one meant, in Set-OrsOption and Invoke-OrsRollingUpgrade -Option' -ForEach @(
        @{ Section = 'orchestraton'; Meant = 'orchestration' }, @{ Section = 'persistance'; Meant = 'persistence' }
    ) {
        $hash = Get-FolderHash $store
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section $Section -Name mcr-pull-limit -Value 5 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.UnknownSection,*'
        $err[0].Exception.Message | Should -Match "Did you mean $Meant"
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath (New-TestFolder) `
            -Option @{ "$Section/mcr-pull-limit" = '5' } -Control (New-OrsServerControl @{ Start = {}; Stop = {}; Switchover = {}; Status = { 'Running Primary' } }) -Install {} -WhatIf } |
            Should -Throw -ErrorId 'OrsMigration.UnknownSection*'
        Get-FolderHash $store | Should -Be $hash
    }

    It 'Test-OrsConfig reports an option in a misspelt section instead of calling every option known' {
        $app = Get-OrsApplication ORS_DC1_1
        $app | Set-OrsOption -Section persistance -Name cassandra-nodes -Value 'c1:9160' -Force -WarningAction SilentlyContinue | Out-Null
        $r = Get-OrsApplication ORS_DC1_1 | Test-OrsConfig
        $u = @($r | Where-Object Check -eq UnknownSection)
        $u | Should -HaveCount 1
        $u[0].Message + ' ' + $u[0].Remedy | Should -Match "'persistance'.*Did you mean persistence"
    }

    It 'accepts a section a site catalogue adds' {
        $file = Join-Path (New-TestFolder) 'site.json'
        '{ "sections": [ { "name": "site-extras", "confidence": "Confirmed" } ], "options": [] }' | Set-Content $file
        $env:ORSMIGRATION_OPTION_CATALOG = $file
        try {
            Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section site-extras -Name anything -Value 1 | Should -Not -BeNullOrEmpty
        }
        finally { Remove-Item Env:ORSMIGRATION_OPTION_CATALOG }
    }

    It 'does not judge sections the catalogue does not cover, nor other Application types' {
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section log -Name anything -Value 1 | Should -Not -BeNullOrEmpty
        Get-OrsApplication URS_DC1 | Set-OrsOption -Section orchestration -Name nonsense -Value 1 | Should -Not -BeNullOrEmpty
    }
}

Describe 'HA: New-OrsBackupApplication and Set-OrsRedundancy' {
    BeforeEach {
        $script:store = New-TestStore 'ors-812'
        Connect-TestStore $store | Out-Null
    }

    It 'creates a Warm Standby backup with the primary''s options and links it' {
        $b = Get-OrsApplication ORS_DC1_1 | New-OrsBackupApplication -HostName dc1-ors1b
        $b.Name | Should -Be 'ORS_DC1_1_Backup'
        $b.HostName | Should -Be 'dc1-ors1b'
        $b.RedundancyType | Should -Be 'WarmStandby'
        $p = Get-OrsApplication ORS_DC1_1
        $p.BackupDbid | Should -Be $b.Dbid
        $p.RedundancyType | Should -Be 'WarmStandby'
        @(Compare-OrsConfig $p $b | Where-Object Section -ne 'log') | Should -HaveCount 0
        ($b.Options.Get('log', 'all')) | Should -Match 'ORS_DC1_1_Backup'
        (Get-OrsNode | Where-Object Name -eq ORS_DC1_1).Backup.Name | Should -Be 'ORS_DC1_1_Backup'
    }

    It 'is idempotent: a second run reports the existing backup' {
        $first = Get-OrsApplication ORS_DC1_1 | New-OrsBackupApplication -HostName dc1-ors1b
        $hash = Get-FolderHash $store
        $second = Get-OrsApplication ORS_DC1_1 | New-OrsBackupApplication -HostName dc1-ors1b
        $second.Dbid | Should -Be $first.Dbid
        Get-FolderHash $store | Should -Be $hash
    }

    It 'says what differs when an existing backup does not match' {
        $b = Get-OrsApplication ORS_DC1_1 | New-OrsBackupApplication -HostName dc1-ors1b
        $b | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 99 | Out-Null
        Get-OrsApplication ORS_DC1_1 | New-OrsBackupApplication -HostName dc1-ors1b -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.BackupMismatch,*'
        $err[0].Exception.Message | Should -Match 'mcr-pull-limit'
    }

    It 'names an unknown host' {
        Get-OrsApplication ORS_DC1_1 | New-OrsBackupApplication -HostName nowhere -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.HostNotFound,*'
    }

    It 'New-OrsBackupApplication changes nothing under -WhatIf' {
        $hash = Get-FolderHash $store
        Get-OrsApplication | New-OrsBackupApplication -HostName dc1-ors1b -WhatIf | Should -BeNullOrEmpty
        Get-FolderHash $store | Should -Be $hash
    }

    It 'Set-OrsRedundancy refuses anything but Warm Standby' {
        Get-OrsApplication ORS_DC1_1 | Set-OrsRedundancy -Backup ORS_DC1_2 -Type HotStandby -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.RedundancyNotSupported,*'
        $err[0].Exception.Message | Should -Match 'Warm Standby only'
    }

    It 'Set-OrsRedundancy pairs two Applications and reports the changes' {
        $c = Get-OrsApplication ORS_DC1_1 | Set-OrsRedundancy -Backup ORS_DC1_2
        @($c).Count | Should -Be 3
        (Get-OrsApplication ORS_DC1_1).BackupDbid | Should -Be 241
        (Get-OrsApplication ORS_DC1_2).RedundancyType | Should -Be 'WarmStandby'
    }

    It 'Set-OrsRedundancy changes nothing under -WhatIf' {
        $hash = Get-FolderHash $store
        Get-OrsApplication ORS_DC1_1 | Set-OrsRedundancy -Backup ORS_DC1_2 -WhatIf | Should -BeNullOrEmpty
        Get-FolderHash $store | Should -Be $hash
    }
}

Describe 'Nodes and clusters' {
    BeforeEach {
        $script:store = New-TestStore 'ors-813'
        Connect-TestStore $store | Out-Null
    }

    It 'lists the four HA nodes of the 8.1.3 sample with data centers' {
        $nodes = Get-OrsNode
        $nodes.NodeId | Should -Be @(240, 242, 244, 246)
        ($nodes | Where-Object Name -eq ORS_DC2_1).DataCenter | Should -Be 'DC2'
        ($nodes | Where-Object Name -eq ORS_DC2_1).Backup.Name | Should -Be 'ORS_DC2_1_Backup'
    }

    It 'reads the legacy cluster and filters nodes by it' {
        $c = Get-OrsCluster
        $c.Form | Should -Be 'Legacy'
        @(Get-OrsNode -Cluster $c.Name).Count | Should -Be 4
        Get-OrsNode -Cluster NoSuch -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ClusterNotFound,*'
    }

    It 'writes a Transaction List cluster that Get-OrsCluster and Get-OrsNode read back' {
        $c = Set-OrsCluster -Name ORS_Cluster_1 -Form TransactionList -NodeMap ([ordered]@{ ORS_DC1_1 = 'DC1'; ORS_DC2_1 = 'DC2' }) -WarningAction SilentlyContinue
        @($c).Count | Should -Be 2
        $tl = Get-OrsCluster ORS_Cluster_1
        $tl.Form | Should -Be 'TransactionList'
        @(Get-OrsNode -Cluster ORS_Cluster_1).Name | Should -Be @('ORS_DC1_1', 'ORS_DC2_1')
    }

    It 'writes the legacy section on primary and backup of every node, and finds the cluster by its name' {
        Set-OrsCluster -Name C2 -NodeMap ([ordered]@{ ORS_DC1_1 = 'East'; ORS_DC2_2 = 'West' }) | Out-Null
        (Get-OrsApplication ORS_DC1_1_Backup | Get-OrsOption -Section cluster).Name | Should -Be @('ORS_DC1_1', 'ORS_DC2_2')
        (Get-OrsNode | Where-Object Name -eq ORS_DC2_2).DataCenter | Should -Be 'West'
        (Get-OrsCluster C2).Form | Should -Be 'Legacy'
        @(Get-OrsNode -Cluster C2).Name | Should -Be @('ORS_DC1_1', 'ORS_DC2_2')
    }

    It 'refuses a backup named as a node and writes nothing' {
        $hash = Get-FolderHash $store
        Set-OrsCluster -Name C -NodeMap @{ ORS_DC1_1_Backup = 'DC1' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ClusterNodeInvalid,*'
        Get-FolderHash $store | Should -Be $hash
    }

    It 'Set-OrsCluster changes nothing under -WhatIf, in either form' {
        $hash = Get-FolderHash $store
        Set-OrsCluster -Name C -NodeMap @{ ORS_DC1_1 = 'X' } -WhatIf | Should -BeNullOrEmpty
        Set-OrsCluster -Name C -NodeMap @{ ORS_DC1_1 = 'X' } -Form TransactionList -WhatIf -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        Get-FolderHash $store | Should -Be $hash
    }
}

Describe 'Set-OrsPersistence' {
    BeforeEach {
        $script:store = New-TestStore 'ors-813'
        Connect-TestStore $store | Out-Null
    }

    It 'writes the options on primary and backup of each node' {
        Get-OrsNode | ForEach-Object Primary | Set-OrsPersistence -Keyspace Ors814 -StrategyClass NetworkTopologyStrategy -StrategyOptions 'DC1:3,DC2:3' -SchemaVersion 8.1.4 | Out-Null
        Get-OrsApplication | ForEach-Object {
            $_.Options.Get('persistence', 'cassandra-keyspace-name') | Should -Be 'Ors814'
            $_.Options.Get('persistence', 'cassandra-strategy-options') | Should -Be 'DC1:3,DC2:3'
            $_.Options.Get('persistence', 'cassandra-schema-version') | Should -Be '8.1.4'
        }
    }

    It 'writes each Application once even when both of a node are piped' {
        $c = Get-OrsApplication | Set-OrsPersistence -Keyspace K1 -StrategyClass SimpleStrategy -StrategyOptions 'replication_factor:3'
        @($c | Where-Object Name -eq 'cassandra-keyspace-name').Count | Should -Be 8
    }

    It 'refuses data centers the cluster does not have, before writing anything' {
        $hash = Get-FolderHash $store
        Get-OrsApplication ORS_DC1_1 | Set-OrsPersistence -Keyspace K -StrategyClass NetworkTopologyStrategy -StrategyOptions 'DC1:2,DC9:2' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.PersistenceInvalid,*'
        $err[0].Exception.Message | Should -Match 'DC9'
        Get-OrsApplication ORS_DC1_1 | Set-OrsPersistence -Keyspace K -StrategyClass SimpleStrategy -StrategyOptions 'DC1:2' -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].Exception.Message | Should -Match 'replication_factor'
        Get-FolderHash $store | Should -Be $hash
    }

    It 'changes nothing under -WhatIf' {
        $hash = Get-FolderHash $store
        Get-OrsApplication | Set-OrsPersistence -Keyspace K -StrategyClass SimpleStrategy -StrategyOptions 'replication_factor:1' -WhatIf | Should -BeNullOrEmpty
        Get-FolderHash $store | Should -Be $hash
    }
}

Describe 'Test-OrsConfig' {
    It 'reports obsolete options, missing backups and a clean result after preparation (8.1.2 sample)' {
        $store = New-TestStore 'ors-812'
        Connect-TestStore $store | Out-Null
        $before = Test-OrsConfig
        ($before | Where-Object Check -eq ObsoleteOption | Select-Object -First 1).Status | Should -Be 'Fail'
        @($before | Where-Object { $_.Check -eq 'Backup' -and $_.Status -eq 'Fail' }).Count | Should -Be 4
        Get-OrsApplication | Remove-OrsObsoleteOption -Force -WarningAction SilentlyContinue | Out-Null
        $hosts = @{ ORS_DC1_1 = 'dc1-ors1b'; ORS_DC1_2 = 'dc1-ors2b'; ORS_DC2_1 = 'dc2-ors1b'; ORS_DC2_2 = 'dc2-ors2b' }
        Get-OrsNode | ForEach-Object { $_.Primary | New-OrsBackupApplication -HostName $hosts[$_.Name] } | Out-Null
        Test-OrsConfig | Where-Object Status -eq Fail | Should -BeNullOrEmpty
    }

    It 'fails a cluster-wide option that differs between nodes' {
        $store = New-TestStore 'ors-813'
        Connect-TestStore $store | Out-Null
        Get-OrsApplication ORS_DC2_2, ORS_DC2_2_Backup | Set-OrsOption -Section orchestration -Name complete-assoc-on-target-node -Value true | Out-Null
        $r = Test-OrsConfig | Where-Object Check -eq ClusterConsistency
        $r.Status | Should -Be 'Fail'
        $r.Message | Should -Match 'complete-assoc-on-target-node'
    }

    It 'warns about an unknown option with a suggestion and fails an invalid confirmed value' {
        $store = New-TestStore 'ors-813'
        Connect-TestStore $store | Out-Null
        Get-OrsApplication ORS_DC1_1, ORS_DC1_1_Backup | Set-OrsOption -Option @{ 'orchestration/functions-by-usr' = 'true' } -Force -WarningAction SilentlyContinue | Out-Null
        $p = Get-Content (Join-Path $store 'CfgApplication/240.json') -Raw | ConvertFrom-Json
        ($p.options.property | Where-Object key -eq 'call-watching-timeout').value = '10'
        $p | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $store 'CfgApplication/240.json')
        $r = Get-OrsApplication ORS_DC1_1 | Test-OrsConfig
        $u = $r | Where-Object Check -eq UnknownOption
        $u.Status | Should -Be 'Warning'
        $u.Remedy | Should -Match 'functions-by-urs'
        ($r | Where-Object Check -eq InvalidValue).Status | Should -Be 'Fail'
    }

    It 'fails a pair that is not Warm Standby' {
        $store = New-TestStore 'ors-813'
        $p = Get-Content (Join-Path $store 'CfgApplication/241.json') -Raw | ConvertFrom-Json
        $p.redundancytype = 'CFGHTHotStanby'
        $p | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $store 'CfgApplication/241.json')
        Connect-TestStore $store | Out-Null
        (Test-OrsConfig | Where-Object { $_.Check -eq 'Redundancy' -and $_.Target -like 'ORS_DC1_1 *' }).Status | Should -Be 'Fail'
    }

    It 'checks only the piped Applications' {
        $store = New-TestStore 'ors-813'
        Connect-TestStore $store | Out-Null
        @(Get-OrsApplication ORS_DC2_2 | Test-OrsConfig | Where-Object Check -eq Options).Target | Should -Be 'ORS_DC2_2 (dbid 246)'
    }
}

Describe 'Test-OrsMigrationPrerequisite' {
    It 'fails the 8.1.2 sample on URS 8.1.3, Stat Server and the drain reminder' {
        Connect-TestStore (New-TestStore 'ors-812') | Out-Null
        $r = Test-OrsMigrationPrerequisite
        @($r | Where-Object { $_.Check -eq 'UrsVersion' -and $_.Status -eq 'Fail' }).Count | Should -Be 2
        ($r | Where-Object Check -eq SessionDrain).Status | Should -Be 'Fail'
        ($r | Where-Object { $_.Check -eq 'ComponentVersion' -and $_.Target -like 'StatServer*' }).Status | Should -Be 'Fail'
    }

    It 'fails when the nodes of a cluster use different persistence' {
        Connect-TestStore (New-TestStore 'ors-813') | Out-Null
        Get-OrsApplication ORS_DC2_2 | Set-OrsOption -Section persistence -Name cassandra-keyspace-name -Value Other | Out-Null
        $r = Test-OrsMigrationPrerequisite | Where-Object Check -eq PersistenceConsistency
        $r.Status | Should -Be 'Fail'
        $r.Message | Should -Match 'cassandra-keyspace-name'
    }

    It 'passes URS, components and drain on the 8.1.3 sample and checks SCXML on request' {
        $store = New-TestStore 'ors-813'
        Connect-TestStore $store | Out-Null
        $r = Test-OrsMigrationPrerequisite -ScxmlPath (Join-Path $store 'scxml/*.scxml')
        $r | Where-Object { $_.Check -in 'UrsVersion', 'ComponentVersion', 'SessionDrain', 'Backup', 'Redundancy', 'PersistenceConsistency' -and $_.Status -eq 'Fail' } | Should -BeNullOrEmpty
        @($r | Where-Object Check -eq ScxmlRecovery).Count | Should -Be 3
        ($r | Where-Object { $_.Check -eq 'ScxmlRecovery' -and $_.Target -like '*voice-main*' }).Status | Should -Be 'Pass'
    }
}

Describe 'Test-OrsScxmlRecovery' {
    BeforeAll {
        $script:store = New-TestStore 'ors-813'
    }

    It 'reports presence, value and line per document' {
        $r = Test-OrsScxmlRecovery -Path (Join-Path $store 'scxml/*.scxml')
        ($r | Where-Object Path -like '*voice-main*').SendSessionRecovered | Should -BeTrue
        ($r | Where-Object Path -like '*voice-main*').Line | Should -Be 4
        ($r | Where-Object Path -like '*voice-callback*').Status | Should -Be 'Warning'
        ($r | Where-Object Path -like '*email-classify*').PersistDisabled | Should -BeTrue
    }

    It 'takes files from Get-ChildItem' {
        @(Get-ChildItem (Join-Path $store 'scxml') -Filter *.scxml | Test-OrsScxmlRecovery).Count | Should -Be 3
    }

    It 'follows the application options of the DNs, both URLs of a value, and skips non-file URLs' {
        Connect-TestStore $store | Out-Null
        $r = Test-OrsScxmlRecovery -FromDN
        @($r).Count | Should -Be 5
        ($r | Where-Object Status -eq Skipped).Path | Should -BeLike 'http*'
        @($r | Where-Object Origin -like 'DN 5002*').Count | Should -Be 2
    }

    It 'reports a missing file as a failure' {
        (Test-OrsScxmlRecovery -Path (Join-Path $store 'scxml/none.scxml')).Status | Should -Be 'Fail'
    }
}
