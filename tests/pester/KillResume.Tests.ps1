# kill -9 at random moments of a rolling upgrade, then -Resume: every trial must converge with no
# session lost and every rollback point written before the kill unchanged. The seed is printed (and
# taken from ORS_KILL_SEED when set) so a failing trial can be replayed.
BeforeDiscovery {
    $seed = if ($env:ORS_KILL_SEED) { [int]$env:ORS_KILL_SEED } else { Get-Random -Maximum 1000000 }
    $random = [System.Random]::new($seed)
    # Kill after a random number of journal lines (a 2-node run writes about 58), plus a random few ms.
    $script:trials = 1..10 | ForEach-Object { @{ Trial = $_; Seed = $seed; Lines = $random.Next(0, 58); ExtraMs = $random.Next(0, 40) } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:target = '8.1.400.64'

    function Start-UpgradeChild([string] $LabPath, [string] $Backup) {
        $script = "Import-Module '$ModuleManifest'; Connect-OrsLab '$LabPath' | Out-Null; " +
                  "Get-OrsNode | Select-Object -First 2 | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath '$Backup' -Force | Out-Null"
        $psi = [System.Diagnostics.ProcessStartInfo]::new([System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName)
        if ([System.IO.Path]::GetFileNameWithoutExtension($psi.FileName) -eq 'dotnet') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $script) { $psi.ArgumentList.Add($a) }
        $psi.UseShellExecute = $false
        [System.Diagnostics.Process]::Start($psi)
    }

    function Get-JournalLineCount([string] $Path) {
        if (-not (Test-Path $Path)) { return 0 }
        try { ([System.IO.File]::ReadAllText($Path) -split "`n" | Where-Object { $_ }).Count } catch { 0 }
    }

    # Every export file and manifest entry of the run folders under $Backup.
    function Get-Rollbacks([string] $Backup) {
        Get-ChildItem $Backup -Directory | ForEach-Object {
            $manifest = Join-Path $_.FullName 'manifest.json'
            if (Test-Path $manifest) {
                $folder = $_.FullName
                (Get-Content $manifest -Raw | ConvertFrom-Json).exports | ForEach-Object {
                    "$($_.file) $($_.sha256) $($_.exportedAt) " + (Get-FileHash (Join-Path $folder $_.file)).Hash
                }
            }
        }
    }
}

Describe 'Killed at a random moment, then resumed' {
    It 'trial <Trial> (seed <Seed>): killed after <Lines> journal lines converges with nothing lost' -ForEach $trials {
        $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 600 -SessionRate 1 -MeanSessionSeconds 3000
        Start-Sleep -Milliseconds 200
        $backup = New-TestFolder
        $journal = Join-Path $backup 'upgrade-journal.jsonl'
        $child = Start-UpgradeChild $lab.Path $backup
        $deadline = (Get-Date).AddSeconds(90)
        while (-not $child.HasExited -and (Get-JournalLineCount $journal) -lt $Lines -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 5 }
        Start-Sleep -Milliseconds $ExtraMs
        if (-not $child.HasExited) { $child.Kill() }     # SIGKILL: no cleanup of any kind
        $child.WaitForExit()
        $before = @(Get-Rollbacks $backup)

        $started = (Test-Path $journal) -and (Select-String -Path $journal -Pattern '"Event":"run-started"' -Quiet)
        $finished = $started -and (Select-String -Path $journal -Pattern '"Event":"run-finished"' -Quiet)
        $nodes = Get-OrsNode | Select-Object -First 2
        if ($finished) { $r = $null }
        elseif ($started) { $r = $nodes | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Resume -StartTimeout 00:00:30 -Force -WarningAction SilentlyContinue }
        else { $r = $nodes | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -StartTimeout 00:00:30 -Force -JournalPath (Join-Path $backup 'fresh.jsonl') }

        if ($r) {
            $r.Outcome | Should -Be 'Succeeded' -Because $r.Error
            $r.SessionsLost | Should -Be 0
        }
        ($nodes | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
        @($nodes | Get-OrsServerStatus | Where-Object { $_.ApplicationName -notlike '*_Backup' -and $_.Mode -eq 'Primary' }).Count | Should -Be 2
        (Get-Content (Join-Path $lab.Path 'lab.json') -Raw | ConvertFrom-Json).Stats.Lost | Should -Be 0
        $after = @(Get-Rollbacks $backup)
        foreach ($line in $before) { $after | Should -Contain $line }
    }
}
