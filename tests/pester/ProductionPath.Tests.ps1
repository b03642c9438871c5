# The production control path of Invoke-OrsRollingUpgrade: a site's script blocks for control
# (New-OrsServerControl -ScriptBlock, here calling the lab's control) and an outside installer
# (-Install, recording what it installed with Set-OrsLabVersion, as a real setup changes its host).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:target = '8.1.400.64'

    function New-ProductionLab {
        $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 600 -SessionRate 1 -MeanSessionSeconds 3000
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
