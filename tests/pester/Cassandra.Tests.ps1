BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'CqlServer.ps1')
    $script:ors = @{ keyspace = 'Orchestration'; sessions = 600; node_ids = @(240, 242, 244) }
    # The same assertions over either protocol (ORS_CASSANDRA_PROTOCOL, see CqlServer.ps1).
    $PSDefaultParameterValues['Connect-OrsCassandra:Protocol'] = $CassandraProtocol
}
AfterAll { $PSDefaultParameterValues.Remove('Connect-OrsCassandra:Protocol') }

Describe 'Connect-OrsCassandra' {
    BeforeAll {
        $script:server = Start-CassandraTestServer -Extra @{ credentials = @{ user = 'cassandra'; password = 'cassandra' } }
        $script:cred = [pscredential]::new('cassandra', (ConvertTo-SecureString 'S3cret-pa55' -AsPlainText -Force))
        $script:good = [pscredential]::new('cassandra', (ConvertTo-SecureString 'cassandra' -AsPlainText -Force))
    }
    AfterAll { Stop-CassandraTestServer $server }

    It 'connects, discovers the nodes and becomes the current session' {
        $s = Connect-OrsCassandra -ContactPoint $server.ContactPoint -Credential $good
        $s.Hosts.Count | Should -Be 3
        $s.Protocol | Should -Be $CassandraProtocol
        $s.ReleaseVersion | Should -Not -BeNullOrEmpty
        $s.Keyspace | Should -Be 'Orchestration'
        (Test-OrsCassandra | Where-Object { $_.Check -eq 'Transport' -and $_.Status -eq 'Pass' }).Count | Should -Be 3
        Disconnect-OrsCassandra
    }

    It 'refuses bad credentials with a clear error that never shows the password' {
        $err = $null
        try { Connect-OrsCassandra -ContactPoint $server.ContactPoint -Credential $cred -Verbose 4>&1 | Out-Null } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'OrsMigration.CassandraAuthenticationFailed,*'
        ($err | Out-String) + $err.Exception.Message | Should -Not -Match 'S3cret-pa55'
    }

    It 'says what to do when no session is open' {
        { Measure-OrsPersistedSession -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.NotConnectedToCassandra*'
    }

    It 'names the address when nothing answers' {
        { Connect-OrsCassandra -ContactPoint "127.0.0.1:$(Get-FreePort)" -TimeoutSeconds 2 } | Should -Throw -ErrorId 'OrsMigration.CassandraUnreachable*'
    }
}

Describe 'Test-OrsCassandra and Initialize-OrsKeyspace' {
    BeforeAll {
        $script:server = Start-CassandraTestServer
        $script:store = New-TestStore 'ors-813'
        Connect-OrsConfigServer -Path $store | Out-Null
        Connect-OrsCassandra -ContactPoint $server.ContactPoint | Out-Null
    }
    AfterAll { Disconnect-OrsCassandra; Stop-CassandraTestServer $server }

    It 'passes versions, transport, keyspace and replication for the 8.1.3 sample' {
        $r = Get-OrsApplication | Test-OrsCassandra
        $r | Where-Object Status -eq Fail | Should -BeNullOrEmpty
        @($r | Where-Object Check -eq Replication).Count | Should -Be 8
        ($r | Where-Object Check -eq CassandraUniformVersion).Status | Should -Be 'Pass'
    }

    It 'fails replication that differs from an Application''s options' {
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section persistence -Name cassandra-strategy-options -Value 'DC1:3,DC2:2' | Out-Null
        $r = Get-OrsApplication ORS_DC1_1 | Test-OrsCassandra | Where-Object Check -eq Replication
        $r.Status | Should -Be 'Fail'
        $r.Message | Should -Match 'DC1:3'
    }

    It 'creates a missing keyspace from the options and reports an existing one' {
        $app = Get-OrsApplication ORS_DC2_1
        $app | Set-OrsPersistence -Keyspace Ors814 -StrategyClass NetworkTopologyStrategy -StrategyOptions 'DC1:2,DC2:1' | Out-Null
        (Get-OrsApplication ORS_DC2_1 | Test-OrsCassandra | Where-Object Check -eq Keyspace).Status | Should -Be 'Fail'
        $created = Get-OrsApplication ORS_DC2_1 | Initialize-OrsKeyspace
        $created.Status | Should -Be 'Pass'
        $created.Message | Should -Match 'created'
        (Get-OrsApplication ORS_DC2_1 | Initialize-OrsKeyspace).Message | Should -Match 'already exists'
        (Get-OrsApplication ORS_DC2_1 | Test-OrsCassandra | Where-Object Check -eq Replication).Status | Should -Be 'Pass'
    }

    It 'never plans a keyspace from an object that only names an Application' {
        [pscustomobject]@{ Name = 'ORS_NOPE' } | Initialize-OrsKeyspace -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ApplicationNotFound,*'
        $r = [pscustomobject]@{ Name = 'ORS_DC1_2' } | Test-OrsCassandra | Where-Object Check -eq Replication
        $r.Target | Should -BeLike '*ORS_DC1_2*'
    }

    It 'creates nothing under -WhatIf' {
        Get-OrsApplication ORS_DC2_2 | Set-OrsPersistence -Keyspace OrsWhatIf -StrategyClass SimpleStrategy -StrategyOptions 'replication_factor:1' | Out-Null
        Get-OrsApplication ORS_DC2_2 | Initialize-OrsKeyspace -WhatIf | Should -BeNullOrEmpty
        (Get-OrsApplication ORS_DC2_2 | Test-OrsCassandra | Where-Object Check -eq Keyspace).Status | Should -Be 'Fail'
    }
}

Describe 'Persisted sessions' {
    BeforeAll {
        $script:server = Start-CassandraTestServer -Extra @{ ors = $ors; num_tokens = 8 }
        Connect-OrsCassandra -ContactPoint $server.ContactPoint | Out-Null
    }
    AfterAll { Disconnect-OrsCassandra; Stop-CassandraTestServer $server }

    It 'counts in total and per node' {
        (Measure-OrsPersistedSession).Count | Should -Be 600
        $by = Measure-OrsPersistedSession -ByNode
        $by.NodeId | Should -Be @(240, 242, 244)
        ($by | ForEach-Object Count) | Should -Be @(200, 200, 200)
        (Measure-OrsPersistedSession -NodeId 242).Count | Should -Be 200
    }

    It 'streams the sessions of a node' {
        $s = @(Get-OrsPersistedSession -NodeId 240)
        $s.Count | Should -Be 200
        ($s.NodeId | Sort-Object -Unique) | Should -Be 240
        @(Get-OrsPersistedSession | Select-Object -First 5).Count | Should -Be 5
    }

    It 'takes node ids from Get-OrsNode by property name' {
        $nodes = @([pscustomobject]@{ NodeId = 240 }, [pscustomobject]@{ NodeId = 244 })
        ($nodes | Measure-OrsPersistedSession | Measure-Object Count -Sum).Sum | Should -Be 400
    }
}

Describe 'Wait-OrsSessionDrain' {
    It 'returns when the sessions have drained' {
        $server = Start-CassandraTestServer -Extra @{ ors = @{ keyspace = 'Orchestration'; sessions = 60; node_ids = @(240, 242); drain_per_second = 40 } }
        try {
            Connect-OrsCassandra -ContactPoint $server.ContactPoint | Out-Null
            $r = Wait-OrsSessionDrain -Timeout (New-TimeSpan -Seconds 30) -PollInterval (New-TimeSpan -Milliseconds 300)
            ($r | Measure-Object Count -Sum).Sum | Should -Be 0
        }
        finally { Disconnect-OrsCassandra; Stop-CassandraTestServer $server }
    }

    It 'stops with OrsMigration.DrainTimeout and the counts when sessions stay' {
        $server = Start-CassandraTestServer -Extra @{ ors = @{ keyspace = 'Orchestration'; sessions = 30; node_ids = @(240, 242) } }
        try {
            Connect-OrsCassandra -ContactPoint $server.ContactPoint | Out-Null
            $err = $null
            try { Wait-OrsSessionDrain -NodeId 240 -Timeout (New-TimeSpan -Seconds 1) -PollInterval (New-TimeSpan -Milliseconds 200) } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'OrsMigration.DrainTimeout,*'
            $err.Exception.Message | Should -Match 'node 240: 15'
            $err.TargetObject[0].Count | Should -Be 15
        }
        finally { Disconnect-OrsCassandra; Stop-CassandraTestServer $server }
    }
}

Describe 'The 8.1.2 drain prerequisite with a session store' {
    It 'fails while sessions are persisted and passes once the store is empty' {
        Connect-OrsConfigServer -Path (New-TestStore 'ors-812') | Out-Null
        $busy = Start-CassandraTestServer -Extra @{ ors = @{ keyspace = 'Orchestration'; sessions = 12; node_ids = @(240) } }
        $empty = Start-CassandraTestServer -Extra @{ ors = @{ keyspace = 'Orchestration'; sessions = 0; node_ids = @(240) } }
        try {
            $cs = Connect-OrsCassandra -ContactPoint $busy.ContactPoint
            $r = Test-OrsMigrationPrerequisite -CassandraSession $cs | Where-Object Check -eq SessionDrain
            $r.Status | Should -Be 'Fail'
            $r.Message | Should -Match '12 session'
            $cs2 = Connect-OrsCassandra -ContactPoint $empty.ContactPoint
            (Test-OrsMigrationPrerequisite -CassandraSession $cs2 | Where-Object Check -eq SessionDrain).Status | Should -Be 'Pass'
        }
        finally { Disconnect-OrsCassandra -CassandraSession $cs; Disconnect-OrsCassandra; Stop-CassandraTestServer $busy; Stop-CassandraTestServer $empty }
    }
}
