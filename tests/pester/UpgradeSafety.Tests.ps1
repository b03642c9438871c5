# The rolling upgrade's rollback points and journal under attack (issue 9): a second shell, a journal
# cut back or torn, resuming after a restored failure, and what the report says afterwards.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:target = '8.1.400.64'

    # The run's rollback points: each export file with its hash, and its manifest entry.
    function Get-RunExports([string] $Backup, [string] $RunId) {
        $folder = Join-Path $Backup $RunId
        $manifest = Get-Content (Join-Path $folder 'manifest.json') -Raw | ConvertFrom-Json
        $manifest.exports | Sort-Object file | ForEach-Object {
            "$($_.file) $($_.sha256) $($_.snapshotSha256) $($_.exportedAt) " +
            (Get-FileHash (Join-Path $folder $_.file)).Hash + ' ' + (Get-FileHash (Join-Path $folder $_.snapshotFile)).Hash
        }
    }

    # Every rollback point taken before is still there, byte for byte, with the same manifest entry.
    function Assert-ExportsKept($Before, [string] $Backup, [string] $RunId) {
        $after = Get-RunExports $Backup $RunId
        foreach ($line in $Before) { $after | Should -Contain $line }
    }

    function Get-NodeState { Get-OrsNode | Get-OrsServerStatus | ForEach-Object { "$($_.ApplicationName) $($_.Status) $($_.Mode) $($_.Version)" } }

    function Start-ChildPwsh([string] $Script) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new([System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName)
        if ([System.IO.Path]::GetFileNameWithoutExtension($psi.FileName) -eq 'dotnet') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-Command', $Script) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardInput = $true; $psi.RedirectStandardOutput = $true; $psi.UseShellExecute = $false
        [System.Diagnostics.Process]::Start($psi)
    }

    function Test-FileLocked([string] $Path) {
        try { $s = [System.IO.File]::Open($Path, 'OpenOrCreate', 'ReadWrite', 'None'); $s.Dispose(); $false } catch { $true }
    }

    # A run that fails on its first node with the fault given, its Application restored: a journal to resume.
    function Invoke-FailedRun([string] $Backup, [string] $Application = 'ORS_DC1_1', [string] $Fault = 'StartFails') {
        Set-OrsLabFault -Application $Application -Fault $Fault
        Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $Backup -StartTimeout 00:00:02 -Force -ErrorAction SilentlyContinue
    }
}

Describe 'A second shell never acts on a journal another run holds' {
    It 'refuses a -Resume while the first one waits at its confirmation prompt, then lets it go on' {
        $lab = New-TrafficLab
        $backup = New-TestFolder
        $first = Invoke-FailedRun $backup
        $first.Outcome | Should -Be 'Failed'
        $journal = Join-Path $backup 'upgrade-journal.jsonl'
        $exports = Get-RunExports $backup $first.RunId
        $journalBefore = Get-FileHash $journal
        $held = Start-ChildPwsh ("Import-Module '$ModuleManifest'; Connect-OrsLab '$($lab.Path)' | Out-Null; " +
            "Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath '$backup' -Resume; 'END'")
        try {
            $deadline = (Get-Date).AddSeconds(60)
            while (-not (Test-FileLocked "$journal.lock") -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Test-FileLocked "$journal.lock" | Should -BeTrue -Because 'the waiting run takes the lock before it reads the journal'
            { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'OrsMigration.RunInProgress*'
            (Get-FileHash $journal).Hash | Should -Be $journalBefore.Hash
            $held.StandardInput.WriteLine('N'); $held.StandardInput.Flush()
            $held.WaitForExit(60000) | Should -BeTrue
        }
        finally { if (-not $held.HasExited) { $held.Kill() } }
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force
        $r.Outcome | Should -Be 'Succeeded'
        $r.SessionsLost | Should -Be 0
        Assert-ExportsKept $exports $backup $first.RunId
        { Get-OrsUpgradeJournal $journal -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe 'Resume after a failure that was restored converges' {
    It '<Fault> on <App>: the resumed run upgrades everything, losing nothing, exports unchanged' -ForEach @(
        @{ Fault = 'StartFails'; App = 'ORS_DC1_1' },
        @{ Fault = 'StartTimeout'; App = 'ORS_DC1_1_Backup' },
        @{ Fault = 'SwitchoverRefused'; App = 'ORS_DC1_1_Backup' },
        @{ Fault = 'Crash'; App = 'ORS_DC1_1' }
    ) {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $first = Invoke-FailedRun $backup $App $Fault
        $first.Outcome | Should -Be 'Failed'
        ($first.Nodes | Where-Object Outcome -eq Failed).Message | Should -BeLike '*Now:*'
        $exports = Get-RunExports $backup $first.RunId
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -StartTimeout 00:00:20 -Force
        $r.Outcome | Should -Be 'Succeeded'
        $r.SessionsLost | Should -Be 0
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
        Get-OrsApplication | ForEach-Object { $_.Version | Should -Be $target }
        @(Get-OrsNode | Get-OrsServerStatus | Where-Object { $_.ApplicationName -notlike '*_Backup' -and $_.Mode -eq 'Primary' }).Count | Should -Be 4
        Assert-ExportsKept $exports $backup $first.RunId
        # The report of the resumed run lists what the first attempt changed too.
        @($r.Changes | Where-Object { $_.ApplicationName -eq 'ORS_DC1_1' -and $_.Name -eq 'version' -and $_.Applied }).Count | Should -Be 1
    }

    It 'says where the node stands after a refused switchover, never that nothing was changed' {
        New-TrafficLab | Out-Null
        $r = Invoke-FailedRun (New-TestFolder) 'ORS_DC1_1_Backup' 'SwitchoverRefused'
        $node = $r.Nodes | Where-Object Outcome -eq Failed
        $node.Message | Should -Not -BeLike '*Nothing of it had been changed*'
        $node.Message | Should -BeLike '*Now: ORS_DC1_1 Running*ORS_DC1_1_Backup Running*'
        # The primary's changes stand (it was upgraded); none is reported as undone.
        @($r.Changes | Where-Object { $_.ApplicationName -eq 'ORS_DC1_1' -and -not $_.Applied }).Count | Should -Be 0
    }

    It 'reports the changes a restore undid as not in effect' {
        New-TrafficLab | Out-Null
        $r = Invoke-FailedRun (New-TestFolder) 'ORS_DC1_1' 'StartFails'
        $undone = @($r.Changes | Where-Object { $_.ApplicationName -eq 'ORS_DC1_1' })
        $undone.Count | Should -BeGreaterThan 0
        $undone | ForEach-Object { $_.Applied | Should -BeFalse }
        (Get-OrsApplication ORS_DC1_1).Version | Should -Not -Be $target
    }
}

Describe 'A journal cut back or torn' {
    It 'cut back to before the node''s steps: the run keeps its rollback point and converges' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $first = Invoke-FailedRun $backup 'ORS_DC1_1_Backup' 'StartFails'    # ORS_DC1_1 upgraded, its backup restored
        (Get-OrsApplication ORS_DC1_1).Version | Should -Be $target
        $journal = Join-Path $backup 'upgrade-journal.jsonl'
        $exports = Get-RunExports $backup $first.RunId
        $oldVersion = (Get-Content (Join-Path $backup "$($first.RunId)/ORS_DC1_1.snapshot.json") -Raw | ConvertFrom-Json).version
        $oldVersion | Should -Not -Be $target
        (Get-Content $journal -TotalCount 1) | Set-Content $journal          # an older copy: only run-started
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -StartTimeout 00:00:20 -Force
        $r.Outcome | Should -Be 'Succeeded'
        Assert-ExportsKept $exports $backup $first.RunId
        Restore-OrsConfig -LiteralPath (Join-Path $backup "$($first.RunId)/ORS_DC1_1.cfg") -IncludeObject -Force | Out-Null
        (Get-OrsApplication ORS_DC1_1).Version | Should -Be $oldVersion
    }

    It 'older than the store with the rollback points gone: refused before anything changes' {
        New-TrafficLab | Out-Null
        $backup = New-TestFolder
        $first = Invoke-FailedRun $backup 'ORS_DC1_1_Backup' 'StartFails'
        $journal = Join-Path $backup 'upgrade-journal.jsonl'
        (Get-Content $journal -TotalCount 1) | Set-Content $journal
        Remove-Item (Join-Path $backup $first.RunId) -Recurse -Force
        $state = Get-NodeState
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'OrsMigration.JournalStoreMismatch*'
        Get-NodeState | Should -Be $state
        Join-Path $backup $first.RunId | Should -Not -Exist
    }

    It 'torn by a crash while a node has one half stopped: a new run is refused, -Resume finishes it' {
        $lab = New-TrafficLab
        $backup = New-TestFolder
        $journal = Join-Path $backup 'upgrade-journal.jsonl'
        Set-OrsLabFault -Application ORS_DC1_2 -Fault StartTimeout
        $child = Start-ChildPwsh ("Import-Module '$ModuleManifest'; Connect-OrsLab '$($lab.Path)' | Out-Null; " +
            "Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath '$backup' -StartTimeout 00:02:00 -Force | Out-Null")
        $deadline = (Get-Date).AddSeconds(60)
        while ((Get-Date) -lt $deadline -and -not ((Test-Path $journal) -and
            (Select-String -Path $journal -Pattern '"Application":"ORS_DC1_2","Step":"start","Event":"started"' -Quiet))) { Start-Sleep -Milliseconds 200 }
        Start-Sleep -Milliseconds 600     # the start itself (which the StartTimeout fault swallows) follows its journal line
        $child.Kill(); $child.WaitForExit()
        [System.IO.File]::AppendAllText($journal, '{"RunId":"x","Sequence":99,"Ti')     # the line the crash cut short
        @(Get-OrsNode | Get-OrsServerStatus | Where-Object Status -ne Running).Count | Should -Be 1
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'OrsMigration.JournalTorn*'
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -StartTimeout 00:00:20 -Force -WarningVariable warn -WarningAction SilentlyContinue
        $r.Outcome | Should -Be 'Succeeded'
        ($warn -join "`n") | Should -BeLike '*cut short*'
        @(Get-ChildItem $backup -Filter 'upgrade-journal.jsonl.torn-*').Count | Should -Be 1
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
    }
}
