# Cassandra over Thrift only: what the interface version cannot tell, Auto's choice, the error when
# nothing answers, and a rolling upgrade whose session accounting reads a Thrift store.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'CqlServer.ps1')
}

Describe 'The exact release, which Thrift''s interface version cannot give' {
    It 'fails 1.1.11 and passes 1.1.12, both interface 19.33.0' -ForEach @(
        @{ Release = '1.1.11'; Status = 'Fail' }, @{ Release = '1.1.12'; Status = 'Pass' }
    ) {
        $server = Start-ThriftStandIn -Extra @{ release = $Release }
        try {
            $s = Connect-OrsCassandra -ContactPoint $server.ContactPoint -Protocol Thrift
            $s.ProtocolVersion | Should -Be '19.33.0'
            $s.ReleaseVersion | Should -Be $Release
            $checks = @(Test-OrsCassandra | Where-Object Check -eq CassandraVersion)
            $checks.Count | Should -Be 3
            $checks.Status | Sort-Object -Unique | Should -Be $Status
        }
        finally { Disconnect-OrsCassandra; Stop-CassandraTestServer $server }
    }

    It 'reads the release of a 2.2 node through system.local' {
        $server = Start-ThriftStandIn -Extra @{ release = '2.2.5'; interface = '20.1.0'; partitioner = 'org.apache.cassandra.dht.Murmur3Partitioner' }
        try { (Connect-OrsCassandra -ContactPoint $server.ContactPoint -Protocol Thrift).ReleaseVersion | Should -Be '2.2.5' }
        finally { Disconnect-OrsCassandra; Stop-CassandraTestServer $server }
    }
}

Describe 'Connect-OrsCassandra -Protocol Auto' {
    It 'picks Thrift where Thrift answers' {
        $server = Start-ThriftStandIn
        try { (Connect-OrsCassandra -ContactPoint $server.ContactPoint).Protocol | Should -Be 'Thrift' }
        finally { Disconnect-OrsCassandra; Stop-CassandraTestServer $server }
    }

    It 'falls back to CQL on 9042 when nothing listens on 9160' {
        $busy = Test-Connection -TargetName 127.0.0.1 -TcpPort 9160 -Quiet -TimeoutSeconds 1
        $busy | Should -BeFalse -Because 'the test needs the Thrift port free'
        $server = Start-CqlTestServer -Nodes 1 -Extra @{ nodes = @(@{ address = '127.0.0.1'; port = 9042; dc = 'DC1' }) }
        try {
            $s = Connect-OrsCassandra -ContactPoint 127.0.0.1
            $s.Protocol | Should -Be 'Cql'
            $s.Hosts[0].Port | Should -Be 9042
        }
        finally { Disconnect-OrsCassandra; Stop-CassandraTestServer $server }
    }

    It 'names the hosts, both ports and what to enable when nothing answers' {
        $port = Get-FreePort
        $err = { Connect-OrsCassandra -ContactPoint 127.0.0.1 -Port $port -TimeoutSeconds 2 } | Should -Throw -ErrorId 'OrsMigration.CassandraUnreachable*' -PassThru
        $err.Exception.Message | Should -BeLike "*127.0.0.1*Thrift (port $port*CQL (port $port*start_rpc*"
    }

    It 'refuses an answer larger than -MaxFrameMB before reading it, and reads it with a larger limit' {
        $server = Start-ThriftStandIn -Extra @{ ors = @{ sessions = 200; session_size = 204800 } }
        try {
            Connect-OrsCassandra -ContactPoint $server.ContactPoint -Protocol Thrift -MaxFrameMB 1 | Out-Null
            { Get-OrsPersistedSession -ErrorAction Stop | Out-Null } | Should -Throw -ErrorId 'OrsMigration.ThriftFrameTooLarge*'
            Connect-OrsCassandra -ContactPoint $server.ContactPoint -Protocol Thrift -MaxFrameMB 64 | Out-Null
            @(Get-OrsPersistedSession).Count | Should -Be 200
        }
        finally { Disconnect-OrsCassandra; Stop-CassandraTestServer $server }
    }
}

Describe 'A rolling upgrade whose session accounting reads Thrift' {
    BeforeAll {
        # The stand-in reads lab.json, which the lab writes on each change (not on each look): write it now.
        function Save-Lab { Set-OrsLabTraffic -SessionRate 1 }
    }

    It 'carries every session of a lab served by the Thrift stand-in, losing none' {
        $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 600 -SessionRate 1 -MeanSessionSeconds 3000
        Start-Sleep -Milliseconds 300
        Save-Lab
        $server = Start-ThriftStandIn -Extra @{ lab = (Join-Path $lab.Path 'lab.json') }
        try {
            $cs = Connect-OrsCassandra -ContactPoint $server.ContactPoint -Protocol Thrift
            (Measure-OrsPersistedSession -CassandraSession $cs).Count | Should -BeGreaterThan 0
            $r = Get-OrsNode | Select-Object -First 2 |
                Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath (New-TestFolder) -CassandraSession $cs -Force
            $r.Outcome | Should -Be 'Succeeded'
            $r.SessionsLost | Should -Be 0
            $r.SessionsCarried | Should -BeGreaterThan 0
        }
        finally { Disconnect-OrsCassandra -CassandraSession $cs -ErrorAction SilentlyContinue; Stop-CassandraTestServer $server }
    }

    It 'reports the sessions a switchover drops as unverified, never as carried, when the store cannot tell ended from lost' {
        $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 600 -SessionRate 1 -MeanSessionSeconds 3000 -NonRecoverableStrategies
        Start-Sleep -Milliseconds 300
        Save-Lab
        $server = Start-ThriftStandIn -Extra @{ lab = (Join-Path $lab.Path 'lab.json') }
        try {
            $cs = Connect-OrsCassandra -ContactPoint $server.ContactPoint -Protocol Thrift
            $r = Get-OrsNode | Select-Object -First 1 |
                Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath (New-TestFolder) -CassandraSession $cs -Force -ErrorAction SilentlyContinue
            $r.SessionsCarried | Should -Be 0
            $r.SessionsUnverified | Should -BeGreaterThan 0
        }
        finally { Disconnect-OrsCassandra -CassandraSession $cs -ErrorAction SilentlyContinue; Stop-CassandraTestServer $server }
    }
}
