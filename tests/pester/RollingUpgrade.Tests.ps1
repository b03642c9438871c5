BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'ChildPwsh.ps1')
    $script:target = '8.1.400.64'

    function Get-StoreState { Get-OrsApplication | ForEach-Object { "$($_.Name) $($_.Version) $(@(Get-OrsOption -InputObject $_ | ForEach-Object { "$($_.Section)/$($_.Name)=$($_.Value)" }) -join ';')" } }
}

Describe 'Invoke-OrsRollingUpgrade on a 4-node lab with traffic' {
    It 'upgrades every Application, keeps the modes and loses no session' {
        $lab = New-TrafficLab
        $backup = New-TestFolder
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Force -Option @{ 'orchestration/mcr-pull-limit' = '20' }
        $r.Outcome | Should -Be 'Succeeded'
        $r.SessionsLost | Should -Be 0
        $r.SessionsCarried | Should -BeGreaterThan 0
        $status = Get-OrsNode | Get-OrsServerStatus
        $status.Version | Sort-Object -Unique | Should -Be $target
        @($status | Where-Object { $_.ApplicationName -notlike '*_Backup' -and $_.Mode -eq 'Primary' }).Count | Should -Be 4
        @($status | Where-Object { $_.ApplicationName -like '*_Backup' -and $_.Mode -eq 'Backup' }).Count | Should -Be 4
        Get-OrsApplication | ForEach-Object {
            $_.Version | Should -Be $target
            $_.Options.Get('orchestration', 'mcr-pull-limit') | Should -Be '20'
            $_.Options.Contains('orchestration', 'mcr-pull-by-msn-only') | Should -BeFalse
        }
        @(Get-ChildItem (Join-Path $backup $r.RunId) -Filter *.cfg).Count | Should -Be 8
        (Get-Content (Join-Path $lab.Path 'lab.json') -Raw | ConvertFrom-Json).Stats.Lost | Should -Be 0
    }

    It 'writes the report as HTML with a timeline and as JSON' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $r = Get-OrsNode | Select-Object -First 1 | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Force
        $html = $r | Export-OrsUpgradeReport -Path (Join-Path $backup 'report.html')
        $text = Get-Content $html.FullName -Raw
        $text | Should -Match '<svg'
        $text | Should -Match 'Succeeded'
        $json = $r | Export-OrsUpgradeReport -Path (Join-Path $backup 'report.json')
        (Get-Content $json.FullName -Raw | ConvertFrom-Json).RunId | Should -Be $r.RunId
    }

    It 'the page has a time axis, whole version labels, a session scale in words, durations; CSV has a row per step' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $r = Get-OrsNode | Select-Object -First 1 | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup `
            -Option @{ 'orchestration/mcr-pull-limit' = '20' } -Force
        $text = Get-Content ($r | Export-OrsUpgradeReport -Path (Join-Path $backup 'r.html')).FullName -Raw
        $text | Should -Match ([regex]::Escape('>' + $r.Started.ToString('HH:mm:ss') + '</text>'))   # first tick
        $text | Should -Match 'time \(UTC'
        $lastRect = $text.LastIndexOf('<rect'); $firstLabel = $text.IndexOf('paint-order')
        $firstLabel | Should -BeGreaterThan $lastRect      # version labels drawn over every lane
        $text | Should -Match ">$([regex]::Escape($target))</text>"
        $text | Should -Match 'counted at each switchover'
        $text | Should -Match '<th>Duration</th>'
        $text | Should -Match '<h2>Step durations</h2>'
        $text | Should -Match '<h2>Pre-flight</h2>'
        $text | Should -Match '<td>orchestration/mcr-pull-limit</td>'
        $text | Should -Match '<td>\(Application\) version</td>'
        $text | Should -Not -Match '\[object\]'
        $csv = Import-Csv ($r | Export-OrsUpgradeReport -Path (Join-Path $backup 'r.csv')).FullName
        @($csv).Count | Should -Be @($r.Steps | Where-Object Event -eq Started).Count
        $csv[0].PSObject.Properties.Name | Should -Be @('RunId', 'Node', 'Application', 'Step', 'Started', 'DurationSeconds', 'Ended')
        $csv | ForEach-Object { [double]$_.DurationSeconds | Should -BeGreaterOrEqual 0 }
    }

    It 'changes nothing under -WhatIf' {
        $lab = New-TrafficLab
        $before = Get-StoreState
        $modes = Get-OrsNode | Get-OrsServerStatus | ForEach-Object { "$($_.ApplicationName) $($_.Status) $($_.Mode) $($_.Version)" }
        $backup = New-TestFolder
        Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -WhatIf | Should -BeNullOrEmpty
        Get-StoreState | Should -Be $before
        (Get-OrsNode | Get-OrsServerStatus | ForEach-Object { "$($_.ApplicationName) $($_.Status) $($_.Mode) $($_.Version)" }) | Should -Be $modes
        @(Get-ChildItem $backup).Count | Should -Be 0
    }
}

Describe 'Refusals before anything changes' {
    It 'refuses 8.1.2 nodes on the rolling path and names the drained one' {
        New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -Sample ors-812 | Out-Null
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'OrsMigration.UpgradeRefused*' -ExpectedMessage '*-Strategy Drained*'
    }

    It 'refuses a node whose backup is not in backup mode' {
        New-TrafficLab | Out-Null
        Get-OrsApplication ORS_DC1_1_Backup | Stop-OrsServer | Out-Null
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'OrsMigration.UpgradeRefused*'
    }

    It 'refuses a journal of another run, and a tampered journal on resume' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        Get-OrsNode | Select-Object -First 1 | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Force | Out-Null
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.JournalExists*'
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.NothingToResume*'
        $journal = Join-Path $backup 'upgrade-journal.jsonl'
        $lines = Get-Content $journal
        $lines[2] = $lines[2] -replace 'ORS_DC1_1', 'ORS_DC9_9'
        $lines | Set-Content $journal
        { Get-OrsUpgradeJournal $journal -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.JournalDamaged*'
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.JournalDamaged*'
    }
}

Describe 'Failures restore the failing Application exactly' -ForEach @(
    @{ Fault = 'StartFails'; App = 'ORS_DC1_1'; Step = 'start' },
    @{ Fault = 'StartTimeout'; App = 'ORS_DC1_1_Backup'; Step = 'start' },
    @{ Fault = 'SwitchoverRefused'; App = 'ORS_DC1_1'; Step = 'switchover' },
    @{ Fault = 'Crash'; App = 'ORS_DC1_1_Backup'; Step = 'start' }
) {
    It '<Fault> on <App>: restored from its export, others untouched, run stopped' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $before = @{}
        Get-OrsApplication | ForEach-Object { $before[$_.Name] = $_ }
        Set-OrsLabFault -Application $App -Fault $Fault
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -StartTimeout 00:00:02 -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        ($r.Nodes | Where-Object NodeId -eq 240).FailedStep | Should -Be $Step
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.UpgradeStepFailed*'
        $err[0].Exception.Message | Should -Match 'ORS_DC1_1'
        $now = Get-OrsApplication $App
        @(Compare-OrsConfig $before[$App] $now -IncludeOrder) | Should -HaveCount 0
        $now.Version | Should -Be $before[$App].Version
        (Get-OrsServerStatus -InputObject $now).Version | Should -Be $before[$App].Version
        foreach ($other in 'ORS_DC1_2', 'ORS_DC2_1', 'ORS_DC2_2') {
            @(Compare-OrsConfig $before[$other] (Get-OrsApplication $other)) | Should -HaveCount 0
            (Get-OrsApplication $other).Version | Should -Be $before[$other].Version
        }
        ((Get-OrsNode | Where-Object NodeId -eq 240) | Get-OrsServerStatus | Where-Object Mode -eq Primary).ApplicationName | Should -Be 'ORS_DC1_1'
    }
}

Describe 'Losing sessions stops the run' {
    It 'stops at the first switchover when strategies do not recover sessions' {
        New-TrafficLab -NonRecoverable | Out-Null
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Force -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        $r.SessionsLost | Should -BeGreaterThan 0
        $r.Error | Should -Match '_sendSessionRecovered'
    }
}

Describe 'Resume' {
    It 'finishes a run whose PowerShell was killed mid-step, without repeating finished steps' {
        $lab = New-TrafficLab
        $backup = New-TestFolder
        $journal = Join-Path $backup 'upgrade-journal.jsonl'
        Set-OrsLabFault -Application ORS_DC1_2 -Fault StartTimeout
        $script = "Import-Module '$ModuleManifest'; Connect-OrsLab '$($lab.Path)' | Out-Null; " +
                  "Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath '$backup' -StartTimeout 00:02:00 -Force | Out-Null"
        $exe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $argList = if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $script) } else { @('-NoProfile', '-NonInteractive', '-Command', $script) }
        $child = Start-Process -FilePath $exe -ArgumentList $argList -PassThru
        $deadline = (Get-Date).AddSeconds(60)
        while ((Get-Date) -lt $deadline -and -not ((Test-Path $journal) -and (Select-String -Path $journal -Pattern '"Application":"ORS_DC1_2","Step":"start","Event":"started"' -Quiet))) { Start-Sleep -Milliseconds 200 }
        Start-Sleep -Milliseconds 300
        Stop-Process -Id $child.Id -Force
        $child.WaitForExit()
        $finishedBefore = @(Get-OrsUpgradeJournal $journal | Where-Object Event -eq succeeded).Count
        $finishedBefore | Should -BeGreaterThan 7
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -StartTimeout 00:00:20 -Force
        $r.Outcome | Should -Be 'Succeeded'
        $steps = Get-OrsUpgradeJournal $journal | Where-Object Event -eq succeeded
        ($steps | Group-Object Application, Step | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
        Get-OrsApplication | ForEach-Object { $_.Version | Should -Be $target }
    }

    It "a failed then resumed run's Changes table holds both parts, the undone changes marked not in effect" {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        Set-OrsLabFault -Application ORS_DC1_2_Backup -Fault StartFails
        Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Force -ErrorAction SilentlyContinue | Out-Null
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force
        $r.Outcome | Should -Be 'Succeeded'
        $versions = @($r.Changes | Where-Object Option -eq '(Application) version')
        ($versions | Where-Object Applied).ApplicationName | Sort-Object | Should -Be (Get-OrsApplication).Name
        $undone = @($r.Changes | Where-Object { -not $_.Applied })
        $undone.ApplicationName | Sort-Object -Unique | Should -Be 'ORS_DC1_2_Backup'
        $undone.Reason | ForEach-Object { $_ | Should -Match 'undone by the restore' }
        $text = Get-Content ($r | Export-OrsUpgradeReport -Path (Join-Path $backup 'r.html')).FullName -Raw
        $text | Should -Not -Match '\[object\]'
        $text | Should -Match '<td>no: Rolling upgrade to [0-9.]+; undone by the restore after a later failure</td>'
    }
}

Describe 'The drained path from 8.1.2' {
    It 'waits until no session is left, then stops, upgrades and starts every Application' {
        New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -Sample ors-812 -TimeScale 600 -SessionRate 0.5 -MeanSessionSeconds 60 | Out-Null
        Start-Sleep -Milliseconds 300
        (Measure-OrsPersistedSession).Count | Should -BeGreaterThan 0
        Set-OrsLabTraffic -SessionRate 0          # the guide: stop calls and interactions entering ORS
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -Strategy Drained -TargetVersion $target -ExportPath (New-TestFolder) -DrainTimeout 00:00:30 -Force
        $r.Outcome | Should -Be 'Succeeded'
        (Measure-OrsPersistedSession).Count | Should -Be 0
        $status = Get-OrsNode | Get-OrsServerStatus
        $status.Version | Sort-Object -Unique | Should -Be $target
        $status.Mode | Sort-Object -Unique | Should -Be 'Primary'
        Get-OrsApplication | ForEach-Object { $_.Options.Contains('cluster', 'super_node') | Should -BeFalse }
    }

    It 'stops nothing while sessions remain' {
        New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -Sample ors-812 -TimeScale 600 -SessionRate 0.5 -MeanSessionSeconds 60 | Out-Null
        Start-Sleep -Milliseconds 300
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -Strategy Drained -TargetVersion $target -ExportPath (New-TestFolder) -DrainTimeout 00:00:01 -Force -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        $r.Error | Should -Match 'did not drain'
        @(Get-OrsNode | Get-OrsServerStatus | Where-Object Status -eq Running).Count | Should -Be 4
    }
}

Describe 'Set-OrsLabTraffic and Export-OrsUpgradeReport under -WhatIf' {
    It 'change nothing' {
        $lab = New-TrafficLab
        Set-OrsLabTraffic -SessionRate 0 -WhatIf
        (Get-Content (Join-Path $lab.Path 'lab.json') -Raw | ConvertFrom-Json).SessionRate | Should -Be 1
        $folder = New-TestFolder
        $r = Get-OrsNode | Select-Object -First 1 | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $folder -Force
        $r | Export-OrsUpgradeReport -Path (Join-Path $folder 'r.html') -WhatIf | Should -BeNullOrEmpty
        Join-Path $folder 'r.html' | Should -Not -Exist
    }
}
