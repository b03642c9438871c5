# Invoke-OrsRollingUpgrade's policies on the lab: canary and soak, health gates with rollback, the
# failure budget, stop points, data-center order.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:target = '8.1.400.64'

    # Every Application: name, version, options; and every server: status, mode, version.
    function Get-LabState {
        $store = Get-OrsApplication | ForEach-Object {
            "$($_.Name) $($_.Version) $(@(Get-OrsOption -InputObject $_ | ForEach-Object { "$($_.Section)/$($_.Name)=$($_.Value)" }) -join ';')"
        }
        $servers = Get-OrsNode | Get-OrsServerStatus | ForEach-Object { "$($_.ApplicationName) $($_.Status) $($_.Mode) $($_.Version)" }
        @($store) + @($servers)
    }

    # Whether every node is either untouched or fully upgraded, with its modes as the run found them.
    function Assert-NoNodeHalfDone {
        foreach ($node in Get-OrsNode) {
            $s = @($node | Get-OrsServerStatus)
            $s[0].Mode | Should -Be 'Primary'
            $s[1].Mode | Should -Be 'Backup'
            @($s.Version + $node.Primary.Version + $node.Backup.Version | Sort-Object -Unique).Count | Should -Be 1
        }
    }
}

Describe 'Canary and soak' {
    It 'rolls back a canary whose health check fails during the soak, exactly, and touches no other node' {
        $lab = New-TrafficLab
        $backup = New-TestFolder
        $before = Get-LabState
        $counter = @{ n = 0 }
        $check = { param($Node, $Status) $counter.n++; $counter.n -lt 3 }.GetNewClosure()   # fails in the soak
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -CanaryNodes 1 `
            -SoakTime 00:00:05 -HealthCheck $check -Force -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        $r.ErrorId | Should -Be 'OrsMigration.HealthGateFailed'
        $r.Error | Should -Match 'during the soak: -HealthCheck returned \$false'
        ($r.Nodes | Where-Object Name -eq 'ORS_DC1_1').Outcome | Should -Be 'RolledBack'
        ($r.Nodes | Where-Object Name -ne 'ORS_DC1_1').Outcome | Sort-Object -Unique | Should -Be 'Pending'
        Get-LabState | Should -Be $before                       # versions, options and modes as found
        foreach ($name in 'ORS_DC1_1', 'ORS_DC1_1_Backup') {
            Compare-OrsConfig -Reference (Join-Path $backup "$($r.RunId)/$name.cfg") -Difference $name -IncludeOrder |
                Should -BeNullOrEmpty
        }
        $touched = Get-OrsUpgradeJournal $r.JournalPath | Where-Object { $_.NodeId -notin 0, 240 }
        $touched | Should -BeNullOrEmpty
    }

    It 'a rolled-back canary upgraded again on -Resume keeps its first rollback point, even if changed meanwhile' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $verdict = @{ healthy = $false }
        $check = { param($Node, $Status) $verdict.healthy }.GetNewClosure()
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -CanaryNodes 1 `
            -SoakTime 00:00:01 -HealthCheck $check -Force -ErrorAction SilentlyContinue
        $r.ErrorId | Should -Be 'OrsMigration.HealthGateFailed'
        $points = Get-ChildItem (Join-Path $backup $r.RunId) -File | Sort-Object Name |
            ForEach-Object { "$($_.Name) $((Get-FileHash $_.FullName).Hash)" }
        $verdict.healthy = $true
        # Someone changes the canary between the two invocations: its first rollback point still stands.
        Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 30 -Force | Out-Null
        $r2 = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -HealthCheck $check -Force
        $r2.Outcome | Should -Be 'Succeeded'
        $after = Get-ChildItem (Join-Path $backup $r.RunId) -File -Filter 'ORS_DC1_1*' | Sort-Object Name |
            ForEach-Object { "$($_.Name) $((Get-FileHash $_.FullName).Hash)" }
        $after | Should -Be @($points | Where-Object { $_ -like 'ORS_DC1_1*' })
    }

    It 'lets the other nodes go on after a canary that stays healthy through the soak' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -CanaryNodes 1 `
            -SoakTime 00:00:01 -HealthCheck { param($Node, $Status) $Status.Count -eq 2 } -Force
        $r.Outcome | Should -Be 'Succeeded'
        $journal = @(Get-OrsUpgradeJournal $r.JournalPath)
        $soak = $journal | Where-Object { $_.Step -eq 'Soak' -and $_.Event -eq 'Succeeded' }
        $soak | Should -Not -BeNullOrEmpty
        $firstOther = $journal | Where-Object { $_.NodeId -notin 0, 240 } | Select-Object -First 1
        $firstOther.Sequence | Should -BeGreaterThan $soak.Sequence
        @($journal | Where-Object { $_.Step -eq 'Gate' -and $_.Event -eq 'Succeeded' }).Count | Should -Be 4
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
    }

    It 'keeps the soak that passed when the run is resumed' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -CanaryNodes 1 `
            -SoakTime 00:00:01 -StopAfterNodes 2 -Force -WarningAction SilentlyContinue | Out-Null
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force
        $r.Outcome | Should -Be 'Succeeded'
        @(Get-OrsUpgradeJournal $r.JournalPath | Where-Object { $_.Step -eq 'Soak' -and $_.Event -eq 'Started' }).Count |
            Should -Be 1
    }

    It 'refuses policies that cannot apply, before anything changes' {
        New-TrafficLab | Out-Null
        $before = Get-LabState
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -SoakTime 00:01:00 `
            -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.InvalidPolicy*'
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Strategy Drained `
            -CanaryNodes 1 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.InvalidPolicy*'
        Get-LabState | Should -Be $before
    }

    It 'refuses to resume with another policy than the run was started with' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -StopAfterNodes 1 -Force `
            -WarningAction SilentlyContinue | Out-Null
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -MaxFailedNodes 2 `
            -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.PolicyDiffers*'
    }

    It 'refuses to resume a run that had a -HealthCheck without it' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -StopAfterNodes 1 `
            -HealthCheck { param($Node, $Status) $true } -Force -WarningAction SilentlyContinue | Out-Null
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'OrsMigration.PolicyDiffers*'
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume `
            -HealthCheck { param($Node, $Status) $true } -Force
        $r.Outcome | Should -Be 'Succeeded'
    }
}

Describe 'Failure budget and stop points' {
    It '-MaxFailedNodes 1 with one node that cannot start finishes the others and reports one failure' {
        New-TrafficLab | Out-Null
        Set-OrsLabFault -Application ORS_DC1_2_Backup -Fault StartFails
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) `
            -MaxFailedNodes 1 -Force -WarningAction SilentlyContinue
        $r.Outcome | Should -Be 'CompletedWithFailures'
        @($r.Nodes | Where-Object Outcome -eq 'Failed').Name | Should -Be 'ORS_DC1_2'
        @($r.Nodes | Where-Object Outcome -eq 'Upgraded').Count | Should -Be 3
        foreach ($name in 'ORS_DC1_1', 'ORS_DC2_1', 'ORS_DC2_2') {
            (Get-OrsNode | Where-Object Name -eq $name | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
        }
        ($r.Nodes | Where-Object Outcome -eq 'Failed').Message | Should -Match 'the whole node was put back'
        Assert-NoNodeHalfDone
    }

    It 'without a budget the first failure still stops the run' {
        New-TrafficLab | Out-Null
        Set-OrsLabFault -Application ORS_DC1_2_Backup -Fault StartFails
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Force `
            -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        @($r.Nodes | Where-Object Outcome -eq 'Pending').Name | Should -Be @('ORS_DC2_1', 'ORS_DC2_2')
    }

    It '-StopAfterNodes 1 upgrades one node and stops; -Resume finishes' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -StopAfterNodes 1 `
            -Force -WarningAction SilentlyContinue
        $r.Outcome | Should -Be 'Stopped'
        @($r.Nodes | Where-Object Outcome -eq 'Upgraded').Name | Should -Be 'ORS_DC1_1'
        $r.MixedVersionsAtEnd | Should -BeTrue
        Assert-NoNodeHalfDone
        $r2 = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force `
            -WarningAction SilentlyContinue
        $r2.Outcome | Should -Be 'Succeeded'
        $r2.MixedVersionsAtEnd | Should -BeFalse
        $r2.MixedVersions | Should -BeGreaterThan ([TimeSpan]::Zero)
        $page = Get-Content ($r | Export-OrsUpgradeReport -Path (Join-Path $backup 'r.html')).FullName -Raw
        $page | Should -Match 'more than one ORS version for \d\d:\d\d:\d\d, and still did when this run ended'
        $page | Should -Match 'Stops after 1 more node\(s\)'
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
        $succeeded = Get-OrsUpgradeJournal $r2.JournalPath | Where-Object Event -eq Succeeded
        ($succeeded | Group-Object NodeId, Application, Step | Where-Object Count -gt 1) | Should -BeNullOrEmpty
    }

    It 'a resumed run inside a window still open keeps it' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -StopAfterNodes 1 `
            -StopAfter 01:00:00 -Force -WarningAction SilentlyContinue | Out-Null
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force
        $r.Outcome | Should -Be 'Succeeded'
        ($r.Policy -join ' ') | Should -Match 'Maintenance window ends'
        $windows = Get-OrsUpgradeJournal $r.JournalPath | Where-Object Step -eq 'Invocation' |
            ForEach-Object { $_.Facts['deadline'] }
        $windows[1] | Should -Be $windows[0]
    }

    It 'a -StopAfter window ends the run as Stopped, resumable, with no node half-done' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -StopAfter 00:00:00.3 `
            -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $r.Outcome | Should -Be 'Stopped'
        $r.Error | Should -Match 'maintenance window'
        ($warnings -join ' ') | Should -Match 'more than one ORS version'
        @($r.Nodes | Where-Object Outcome -eq 'Upgraded').Count | Should -BeLessThan 4
        Assert-NoNodeHalfDone
        $r2 = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force `
            -WarningAction SilentlyContinue
        $r2.Outcome | Should -Be 'Succeeded'
    }
}

Describe 'Data-center order' {
    It 'never has two nodes of one data center in maintenance at once (-MaxParallelNodes 2, sampled throughout)' {
        $lab = New-TrafficLab
        $dc = @{}; Get-OrsNode | ForEach-Object { $dc[[string]$_.NodeId] = $_.DataCenter }
        $stop = Join-Path (New-TestFolder) 'stop'
        # The rule, checked on each sample: a data center with two nodes down is a fault while another data
        # center still has a node left (down, or not yet on the target version).
        $sampler = [powershell]::Create().AddScript({
            param($LabFile, $StopFile, $DataCenters, $Target)
            $seen = @{}; $samples = 0; $faults = @()
            while (-not (Test-Path $StopFile)) {
                try { $state = [System.IO.File]::ReadAllText($LabFile) | ConvertFrom-Json } catch { continue }
                $samples++
                $down = @($state.Processes | Where-Object { $_.Pending -or $_.Status -ne 3 -or
                    ($_.Dbid -eq $_.NodeId -and $_.Mode -ne 1) -or ($_.Dbid -ne $_.NodeId -and $_.Mode -ne 2) } |
                    Select-Object -ExpandProperty NodeId -Unique)
                $left = @($down) + @($state.Processes | Where-Object Version -ne $Target | ForEach-Object NodeId)
                foreach ($group in @($down | Group-Object { $DataCenters[[string]$_] })) {
                    $seen[$group.Name] = $true
                    $othersLeft = @($left | Where-Object { $DataCenters[[string]$_] -ne $group.Name }).Count
                    if ($group.Count -gt 1 -and $othersLeft -gt 0) { $faults += "$($group.Name): $($group.Group -join ',')" }
                }
                Start-Sleep -Milliseconds 5
            }
            [pscustomobject]@{ Samples = $samples; Seen = @($seen.Keys); Faults = $faults }
        }).AddArgument((Join-Path $lab.Path 'lab.json')).AddArgument($stop).AddArgument($dc).AddArgument($target)
        $handle = $sampler.BeginInvoke()
        try {
            $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) `
                -NodeOrder DataCenter -MaxParallelNodes 2 -Force
        }
        finally { New-Item -ItemType File $stop | Out-Null }
        $seen = $sampler.EndInvoke($handle)[0]
        $sampler.Dispose()
        $r.Outcome | Should -Be 'Succeeded'
        $seen.Samples | Should -BeGreaterThan 20
        $seen.Seen | Sort-Object | Should -Be @('DC1', 'DC2')      # both data centers were seen in maintenance
        $seen.Faults | Should -BeNullOrEmpty
        $started = Get-OrsUpgradeJournal $r.JournalPath | Where-Object { $_.Step -eq 'Switchover' -and $_.Event -eq 'Started' } |
            ForEach-Object NodeId | Select-Object -Unique | ForEach-Object { $dc[[string]$_] }
        # Interleaved: the first two to start are one of each data center (after that, whichever frees first).
        $started[0..1] | Sort-Object | Should -Be @('DC1', 'DC2')
    }

    It '-WhatIf shows the waves, the canary and the gates, and changes nothing' {
        New-TrafficLab | Out-Null
        $before = Get-LabState
        $transcript = Join-Path (New-TestFolder) 'whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        try {
            Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -NodeOrder DataCenter `
                -MaxParallelNodes 2 -CanaryNodes 1 -SoakTime 00:10:00 -WhatIf
        }
        finally { Stop-Transcript | Out-Null }
        $out = (Get-Content $transcript -Raw) -replace '\s+', ' '
        $out | Should -Match 'Upgrade ORS_DC1_1 \(DC1\); then a soak of 00:10:00 with the health gate" on target "wave 1 \(canary\)"'
        $out | Should -Match 'Upgrade ORS_DC2_1 \(DC2\), ORS_DC1_2 \(DC1\)" on target "wave 2"'
        $out | Should -Match 'Upgrade ORS_DC2_2 \(DC2\)" on target "wave 3"'
        $out | Should -Match 'Health gate after each node'
        Get-LabState | Should -Be $before
    }
}
