# The production control path of Invoke-OrsRollingUpgrade: a site's script blocks for control
# (New-OrsServerControl -ScriptBlock, here calling the lab's control) and an outside installer
# (-Install, recording what it installed with Set-OrsLabVersion, as a real setup changes its host).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:target = '8.1.400.64'

    function New-ProductionLab([double] $OperationSeconds = 0) {
        $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 600 -SessionRate 1 -MeanSessionSeconds 3000 `
            -OperationSeconds $OperationSeconds
        Start-Sleep -Milliseconds 300
        $lab
    }

    # Script blocks as a site would write them, over the lab's control; $Fail names an Application whose Stop throws once.
    function New-ScriptControl($Lab, [string] $Fail) {
        $state = @{ Failed = $false }
        $control = $Lab.Control
        New-OrsServerControl -ScriptBlock @{
            Start      = { param($app) $control.Start($app) }.GetNewClosure()
            Stop       = {
                param($app)
                if ($app.Name -eq $Fail -and -not $state.Failed) { $state.Failed = $true; throw "scsctl: $($app.Name) did not stop" }
                $control.Stop($app)
            }.GetNewClosure()
            Switchover = { param($app) $control.Switchover($app) }.GetNewClosure()
            Status     = { param($app) $control.Status($app) }.GetNewClosure()
        }
    }

    function New-OutsideInstaller([string] $LabPath) {
        { param($app, $version, $folder) Set-OrsLabVersion -Application $app.Name -Version $version -Path $LabPath }.GetNewClosure()
    }

    # An installer during whose installation of the target on $During the lab Application $Victim crashes (once).
    function New-CrashingInstaller([string] $LabPath, [string] $During, [string] $Victim) {
        $state = @{ Done = $false }
        $target = $script:target
        {
            param($app, $version, $folder)
            Set-OrsLabVersion -Application $app.Name -Version $version -Path $LabPath
            if ($app.Name -eq $During -and $version -eq $target -and -not $state.Done) {
                $state.Done = $true
                Set-OrsLabFault -Application $Victim -Fault CrashNow -Path $LabPath
            }
        }.GetNewClosure()
    }
}

Describe 'A rolling upgrade through script blocks and an outside installer' {
    It 'upgrades every node and loses no session' {
        $lab = New-ProductionLab
        $control = New-ScriptControl $lab
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Control $control `
            -Install (New-OutsideInstaller $lab.Path) -Force
        $r.Outcome | Should -Be 'Succeeded'
        $r.SessionsLost | Should -Be 0
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
        Get-OrsApplication | ForEach-Object { $_.Version | Should -Be $target }
    }

    It '<Fault> on <App> through script blocks: restored from its export, run stopped' -ForEach @(
        @{ Fault = 'StartFails'; App = 'ORS_DC1_1' },
        @{ Fault = 'StartTimeout'; App = 'ORS_DC1_1_Backup' },
        @{ Fault = 'SwitchoverRefused'; App = 'ORS_DC1_1' },
        @{ Fault = 'Crash'; App = 'ORS_DC1_1_Backup' }
    ) {
        $lab = New-ProductionLab
        $before = Get-OrsApplication $App
        Set-OrsLabFault -Application $App -Fault $Fault
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Control (New-ScriptControl $lab) `
            -Install (New-OutsideInstaller $lab.Path) -StartTimeout 00:00:02 -Force -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        $now = Get-OrsApplication $App
        @(Compare-OrsConfig $before $now -IncludeOrder) | Should -HaveCount 0
        $now.Version | Should -Be $before.Version
        (Get-OrsServerStatus -InputObject $now).Version | Should -Be $before.Version
        ((Get-OrsNode | Where-Object NodeId -eq 240) | Get-OrsServerStatus | Where-Object Mode -eq Primary).ApplicationName | Should -Be 'ORS_DC1_1'
    }

    It 'CrashNow of the Application just started fails its start at once; restored from its export' {
        # Operations take lab time here, so the crash is seen as Starting, then Stopped.
        $lab = New-ProductionLab -OperationSeconds 300
        $before = Get-OrsApplication ORS_DC1_1_Backup
        $install = New-CrashingInstaller $lab.Path -During ORS_DC1_1_Backup -Victim ORS_DC1_1_Backup
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) `
            -Control (New-ScriptControl $lab) -Install $install -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 120   # -StartTimeout is 5 min: not waited out
        $r.Outcome | Should -Be 'Failed'
        ($r.Nodes | Where-Object Outcome -eq Failed).FailedStep | Should -Be 'Start'
        $err[0].Exception.Message | Should -BeLike '*ORS_DC1_1_Backup went down while starting (seen Starting, now Stopped)*'
        $now = Get-OrsApplication ORS_DC1_1_Backup
        @(Compare-OrsConfig $before $now -IncludeOrder) | Should -HaveCount 0
        ($now | Get-OrsServerStatus).Version | Should -Be $before.Version
        ($now | Get-OrsServerStatus).Mode | Should -Be 'Backup'
        (Get-OrsApplication ORS_DC1_1 | Get-OrsServerStatus).Mode | Should -Be 'Primary'
    }

    It 'CrashNow of the serving partner mid-run: the run stops, its only primary is not restored over, -Resume finishes' {
        $lab = New-ProductionLab
        $backup = New-TestFolder
        $control = New-ScriptControl $lab
        $install = New-CrashingInstaller $lab.Path -During ORS_DC1_1_Backup -Victim ORS_DC1_1
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Control $control `
            -Install $install -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        $r.SessionsLost | Should -Be 0
        $message = $err[0].Exception.Message
        $message | Should -BeLike '*ORS_DC1_1_Backup started in Primary mode*left running rather than take the node down*'
        $message | Should -BeLike '*Now: ORS_DC1_1 Stopped*ORS_DC1_1_Backup Running Primary*'
        $serving = Get-OrsApplication ORS_DC1_1_Backup | Get-OrsServerStatus
        $serving.Status, $serving.Mode | Should -Be 'Running', 'Primary'
        Get-OrsNode | Where-Object NodeId -ne 240 | Get-OrsServerStatus | ForEach-Object { $_.Version | Should -Not -Be $target }
        $lab.Control.Start((Get-OrsApplication ORS_DC1_1))     # the administrator brings the crashed one back
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Control $control `
            -Install $install -Resume -Force
        $r.Outcome | Should -Be 'Succeeded'
        $r.SessionsLost | Should -Be 0
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
    }

    It 'an error a script block writes without throwing fails its step at once, in its words' {
        $lab = New-ProductionLab
        $control = $lab.Control
        $refusing = New-OrsServerControl -ScriptBlock @{
            Start      = { param($app) $control.Start($app) }.GetNewClosure()
            Stop       = { param($app) $control.Stop($app) }.GetNewClosure()
            Switchover = {
                param($app)
                $ErrorActionPreference = 'Continue'   # the error does not stop the script: it goes on
                Write-Error "scsctl: switchover of $($app.Name) refused"; 'went on'
            }
            Status     = { param($app) $control.Status($app) }.GetNewClosure()
        }
        $r = Get-OrsNode | Select-Object -First 1 | Invoke-OrsRollingUpgrade -TargetVersion $target `
            -ExportPath (New-TestFolder) -Control $refusing -Install (New-OutsideInstaller $lab.Path) `
            -SwitchoverTimeout 00:00:20 -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        $err[0].Exception.Message | Should -BeLike '*Switchover*ORS_DC1_1*scsctl: switchover of ORS_DC1_1 refused*'
        (Get-OrsApplication ORS_DC1_1 | Get-OrsServerStatus).Mode | Should -Be 'Primary'
    }

    It 'a script block that throws fails its step with the script''s words, restores, and -Resume finishes' {
        $lab = New-ProductionLab
        $backup = New-TestFolder
        $control = New-ScriptControl $lab -Fail 'ORS_DC1_1_Backup'
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Control $control `
            -Install (New-OutsideInstaller $lab.Path) -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        ($r.Nodes | Where-Object Outcome -eq Failed).FailedStep | Should -Be 'Stop'
        $err[0].Exception.Message | Should -BeLike '*did not stop*'
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Control $control `
            -Install (New-OutsideInstaller $lab.Path) -Resume -Force
        $r.Outcome | Should -Be 'Succeeded'
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
    }

    It 'Set-OrsLabVersion changes nothing under -WhatIf and refuses a running Application' {
        $lab = New-ProductionLab
        Set-OrsLabVersion -Application ORS_DC1_1 -Version $target -WhatIf
        (Get-OrsApplication ORS_DC1_1 | Get-OrsServerStatus).Version | Should -Not -Be $target
        { Set-OrsLabVersion -Application ORS_DC1_1 -Version $target -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.InstallWhileRunning*'
    }
}

Describe 'Script blocks that hang or are stopped' {
    It 'a script block that never returns is stopped after -TimeoutSeconds; the run stops, restored, and -Resume finishes' {
        $lab = New-ProductionLab
        $backup = New-TestFolder
        $marker = Join-Path $backup 'hung-once'
        $control = $lab.Control
        $hanging = New-OrsServerControl -TimeoutSeconds 2 -ScriptBlock @{
            Start      = { param($app) $control.Start($app) }.GetNewClosure()
            Stop       = {
                param($app)
                if ($app.Name -eq 'ORS_DC1_2' -and -not (Test-Path $marker)) { Set-Content $marker x; Start-Sleep -Seconds 3600 }
                $control.Stop($app)
            }.GetNewClosure()
            Switchover = { param($app) $control.Switchover($app) }.GetNewClosure()
            Status     = { param($app) $control.Status($app) }.GetNewClosure()
        }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Control $hanging `
            -Install (New-OutsideInstaller $lab.Path) -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 120
        $r.Outcome | Should -Be 'Failed'
        $err[0].Exception.Message | Should -BeLike '*did not return within 2 s*ORS_DC1_2*'
        ((Get-OrsNode | Where-Object NodeId -eq 242) | Get-OrsServerStatus | Where-Object Mode -eq Primary).ApplicationName | Should -Be 'ORS_DC1_2'
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Control $hanging `
            -Install (New-OutsideInstaller $lab.Path) -Resume -Force
        $r.Outcome | Should -Be 'Succeeded'
    }

    It 'Ctrl+C while a script block runs stops the run; -Resume finishes it' {
        $lab = New-ProductionLab
        $backup = New-TestFolder
        $marker = Join-Path $backup 'running'
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($Manifest, $LabPath, $Backup, $Marker, $Target)
            Import-Module $Manifest
            $lab = Connect-OrsLab $LabPath
            $control = $lab.Control
            $slow = New-OrsServerControl -ScriptBlock @{
                Start      = { param($app) $control.Start($app) }.GetNewClosure()
                Stop       = { param($app) if ($app.Name -eq 'ORS_DC1_2') { Set-Content $Marker x; Start-Sleep -Seconds 3600 }; $control.Stop($app) }.GetNewClosure()
                Switchover = { param($app) $control.Switchover($app) }.GetNewClosure()
                Status     = { param($app) $control.Status($app) }.GetNewClosure()
            }
            $install = { param($app, $version, $folder) Set-OrsLabVersion -Application $app.Name -Version $version -Path $LabPath }.GetNewClosure()
            Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $Target -ExportPath $Backup -Control $slow -Install $install -Force
        }).AddArgument($ModuleManifest).AddArgument($lab.Path).AddArgument($backup).AddArgument($marker).AddArgument($target)
        $async = $ps.BeginInvoke()
        $deadline = (Get-Date).AddSeconds(90)
        while (-not (Test-Path $marker) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Test-Path $marker | Should -BeTrue
        $ps.Stop()
        $async.IsCompleted | Should -BeTrue
        $ps.Dispose()
        $journal = Get-OrsUpgradeJournal (Join-Path $backup 'upgrade-journal.jsonl')
        ($journal | Where-Object { $_.Application -eq 'ORS_DC1_2' -and $_.Step -eq 'Stop' }).Event | Should -Contain 'Started'
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Control (New-ScriptControl $lab) `
            -Install (New-OutsideInstaller $lab.Path) -Resume -Force
        $r.Outcome | Should -Be 'Succeeded'
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
    }
}

Describe 'Credentials on the production path' {
    BeforeAll {
        $script:secret = 'Canary-Pa55-7Qz'
        $script:cred = [pscredential]::new('admin', (ConvertTo-SecureString $secret -AsPlainText -Force))
        $script:fake = Join-Path $RepoRoot 'tests/fakes/mlcmd'
        & chmod +x $fake

        # A run through mlcmd (the fake checks the password) and a WinRM installer holding the same
        # credential; every stream, the journal and both report forms as text.
        function Invoke-CredentialRun([switch] $FailStop) {
            $folder = New-TestFolder
            $state = Join-Path $folder 'state.json'
            @{ ORS_DC1_1 = @{ status = 'Running'; mode = 'Primary' }; ORS_DC1_1_Backup = @{ status = 'Running'; mode = 'Backup' } } |
                ConvertTo-Json | Set-Content $state
            $env:FAKE_MLCMD_LOG = Join-Path $folder 'mlcmd.log'; $env:FAKE_MLCMD_STATE = $state
            $env:FAKE_MLCMD_PASSWORD = $secret
            if ($FailStop) { $env:FAKE_MLCMD_FAIL_STOP = '1' }
            try {
                Connect-OrsConfigServer -Path (New-TestStore 'ors-813') | Out-Null
                $switch = {
                    param($app)
                    $s = Get-Content $state -Raw | ConvertFrom-Json
                    $s.ORS_DC1_1.mode, $s.ORS_DC1_1_Backup.mode = $s.ORS_DC1_1_Backup.mode, $s.ORS_DC1_1.mode
                    $s | ConvertTo-Json | Set-Content $state
                }.GetNewClosure()
                $control = New-OrsServerControl -MlcmdPath $fake -ConfigServer cfg1:2020 -Credential $cred -Switchover $switch
                $installer = New-OrsInstaller -SetupPath 'C:\IP\{version}\setup.exe' -ResponseFile 'C:\IP\{app}.ini' `
                    -Credential $cred -LogPath (Join-Path $folder 'logs')
                $export = Join-Path $folder 'backup'
                $all = Get-OrsNode | Select-Object -First 1 | Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 `
                    -ExportPath $export -Control $control -Installer $installer -Force -Verbose -ErrorAction Continue *>&1
                $report = $all | Where-Object { $_ -is [OrsMigration.Upgrade.OrsUpgradeReport] }
                $text = @(
                    $all | Out-String -Width 400
                    $all | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.ToString(); "$($_.TargetObject)" } }
                    Get-ChildItem $export -Recurse -File | Get-Content -Raw
                    $report | Export-OrsUpgradeReport -Path (Join-Path $folder 'r.html') | Get-Content -Raw
                    $report | Export-OrsUpgradeReport -Path (Join-Path $folder 'r.json') | Get-Content -Raw
                ) -join "`n"
                [pscustomobject]@{ Report = $report; Text = $text; Log = Get-Content $env:FAKE_MLCMD_LOG -Raw }
            }
            finally { Remove-Item Env:FAKE_MLCMD_LOG, Env:FAKE_MLCMD_STATE, Env:FAKE_MLCMD_PASSWORD, Env:FAKE_MLCMD_FAIL_STOP -ErrorAction Ignore }
        }
    }

    It 'a host the WinRM installer cannot reach: the run fails and no stream, journal or report holds the password' {
        $run = Invoke-CredentialRun
        $run.Log | Should -Match ([regex]::Escape("-cspassword $secret"))     # mlcmd really got it
        $run.Report.Outcome | Should -Be 'Failed'
        $run.Text | Should -Match 'RemoteHostUnreachable|could not reach|dc1-ors1'
        $run.Text | Should -Not -Match ([regex]::Escape($secret))
    }

    It 'mlcmd failing with its whole command line in its answer: the error keeps the answer, not the password' {
        $run = Invoke-CredentialRun -FailStop
        $run.Report.Outcome | Should -Be 'Failed'
        $run.Text | Should -Match 'called as: .*-cspassword'
        $run.Text | Should -Not -Match ([regex]::Escape($secret))
    }
}
