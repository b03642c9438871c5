BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'ChildPwsh.ps1')
}

Describe 'New-OrsLab' {
    It 'builds a lab from the 8.1.3 sample and makes its store, control and sessions current' {
        $path = Join-Path (New-TestFolder) 'lab'
        $lab = New-OrsLab -Path $path -TimeScale 3600 -SessionRate 1
        $lab.Path | Should -Be $path
        @(Get-OrsApplication).Count | Should -Be 8
        $st = Get-OrsNode | Get-OrsServerStatus
        @($st | Where-Object Mode -eq Primary).Count | Should -Be 4
        @($st | Where-Object Mode -eq Backup).Count | Should -Be 4
        Start-Sleep -Milliseconds 300
        (Measure-OrsPersistedSession).Count | Should -BeGreaterThan 0
        Remove-OrsLab -Force
        $path | Should -Not -Exist
    }

    It 'stops being current when another store is connected: its control never acts on that store' {
        $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 3600
        Connect-OrsConfigServer -Path (New-TestStore 'ors-813') -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Should -Match 'no longer current'
        { Get-OrsApplication ORS_DC1_1 | Stop-OrsServer -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'OrsMigration.NoServerControl*'
        { Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath (New-TestFolder) -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'OrsMigration.NoServerControl*'
        @(Get-OrsServerStatus -InputObject (Get-OrsApplication ORS_DC1_1) -Control $lab.Control).Count | Should -Be 1
        Connect-OrsLab $lab.Path | Out-Null
        (Get-OrsApplication ORS_DC1_1 | Get-OrsServerStatus).Mode | Should -Be 'Primary'
    }

    It 'generates nodes, and builds a lab from an export folder' {
        $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'big') -NodeCount 6
        @(Get-OrsNode).Count | Should -Be 6
        $export = New-TestFolder
        Get-OrsApplication | Export-OrsConfig -Path $export | Out-Null
        New-OrsLab -Path (Join-Path (New-TestFolder) 'fromexport') -FromExport $export | Out-Null
        @(Get-OrsNode).Count | Should -Be 6
    }

    It 'refuses a folder that is not empty, and -Force replaces only a lab' {
        $path = New-TestFolder
        'x' | Set-Content (Join-Path $path 'keep.txt')
        { New-OrsLab -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.LabExists*'
        { New-OrsLab -Path $path -Force -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.LabExists*'
        (Join-Path $path 'keep.txt') | Should -Exist
    }

    It 'creates nothing under -WhatIf, and Remove-OrsLab deletes nothing under -WhatIf' {
        $path = Join-Path (New-TestFolder) 'lab'
        New-OrsLab -Path $path -WhatIf | Should -BeNullOrEmpty
        $path | Should -Not -Exist
        $lab = New-OrsLab -Path $path
        Remove-OrsLab -Lab $lab -WhatIf -Force
        $path | Should -Exist
    }

    It 'is shared by separate PowerShell processes' {
        $path = Join-Path (New-TestFolder) 'shared'
        New-OrsLab -Path $path | Out-Null
        Set-OrsLabFault -Application ORS_DC1_1 -Fault SwitchoverRefused
        $script = "Import-Module '$ModuleManifest'; Connect-OrsLab '$path' | Out-Null; " +
                  "try { Get-OrsNode | Where-Object Name -eq ORS_DC1_1 | Switch-OrsServer -ErrorAction Stop | Out-Null; 'switched' } catch { `$_.FullyQualifiedErrorId }"
        Invoke-ChildPwsh -Command $script | Should -BeLike 'OrsMigration.SwitchoverRefused*'
        (Get-OrsNode | Where-Object Name -eq ORS_DC1_1 | Switch-OrsServer | Where-Object Mode -eq Primary).ApplicationName | Should -Be 'ORS_DC1_1_Backup'
        { Connect-OrsLab (New-TestFolder) -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.LabNotFound*'
    }
}

Describe 'Start-, Stop- and Switch-OrsServer on a lab' {
    BeforeEach {
        $script:lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 3600 -SessionRate 1 -MeanSessionSeconds 100000
        $script:node = Get-OrsNode | Where-Object Name -eq ORS_DC1_1
        Start-Sleep -Milliseconds 200
    }

    It 'switches a node over and carries its persisted sessions' {
        $before = (Measure-OrsPersistedSession -NodeId 240).Count
        $s = $node | Switch-OrsServer
        ($s | Where-Object ApplicationName -eq ORS_DC1_1_Backup).Mode | Should -Be 'Primary'
        ($s | Where-Object ApplicationName -eq ORS_DC1_1).Mode | Should -Be 'Backup'
        (Get-Content (Join-Path $lab.Path 'lab.json') -Raw | ConvertFrom-Json).Stats.Lost | Should -Be 0
        (Measure-OrsPersistedSession -NodeId 240).Count | Should -BeGreaterOrEqual $before
    }

    It 'stops the backup, and starts it again in backup mode' {
        ($node.Backup | Stop-OrsServer).Status | Should -Be 'Stopped'
        $s = $node.Backup | Start-OrsServer
        $s.Status | Should -Be 'Running'
        $s.Mode | Should -Be 'Backup'
    }

    It 'reports an injected start failure and a refused switchover as errors naming the Application' {
        $node.Backup | Stop-OrsServer | Out-Null
        Set-OrsLabFault -Application ORS_DC1_1_Backup -Fault StartFails
        $node.Backup | Start-OrsServer -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.StartFailed,*'
        $err[0].Exception.Message | Should -Match 'ORS_DC1_1_Backup'
        $node.Backup | Start-OrsServer | Out-Null
        Set-OrsLabFault -Application ORS_DC1_1 -Fault SwitchoverRefused
        $node | Switch-OrsServer -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.SwitchoverRefused,*'
    }

    It 'refuses to stop what would leave a node with nothing running, unless -Force' {
        $node | Stop-OrsServer -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.NodeWouldGoDown,*'
        $err[0].Exception.Message | Should -Match 'ORS_DC1_1 and ORS_DC1_1_Backup.*-Force'
        @($node | Get-OrsServerStatus | Where-Object Status -eq Running) | Should -HaveCount 2
        $node | Stop-OrsServer -WhatIf -WarningVariable w -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        "$w" | Should -Match 'would be refused'
        $node.Backup | Stop-OrsServer | Out-Null
        { $node.Primary | Stop-OrsServer -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.NodeWouldGoDown*'
        @($node | Stop-OrsServer -Force -WarningAction SilentlyContinue).Status | Sort-Object -Unique | Should -Be 'Stopped'
        $node.Primary | Start-OrsServer | Out-Null
        $node.Backup | Start-OrsServer | Out-Null
    }

    It 'times out on a start that never completes' {
        $node.Backup | Stop-OrsServer | Out-Null
        Set-OrsLabFault -Application ORS_DC1_1_Backup -Fault StartTimeout
        $node.Backup | Start-OrsServer -Timeout 00:00:01 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ServerTimeout,*'
    }

    It 'changes nothing under -WhatIf' {
        $state = (Get-Content (Join-Path $lab.Path 'lab.json') -Raw | ConvertFrom-Json).Processes | ConvertTo-Json
        $node | Switch-OrsServer -WhatIf | Should -BeNullOrEmpty
        $node | Stop-OrsServer -WhatIf | Should -BeNullOrEmpty
        $node.Backup | Start-OrsServer -WhatIf | Should -BeNullOrEmpty
        Set-OrsLabFault -Application ORS_DC1_1 -Fault CrashNow -WhatIf
        ((Get-Content (Join-Path $lab.Path 'lab.json') -Raw | ConvertFrom-Json).Processes | ConvertTo-Json) | Should -Be $state
        (Get-Content (Join-Path $lab.Path 'lab.json') -Raw | ConvertFrom-Json).Faults.Count | Should -Be 0
    }
}

Describe 'New-OrsServerControl' {
    It 'drives a site''s own commands through script blocks' {
        Connect-OrsConfigServer -Path (New-TestStore 'ors-813') | Out-Null
        $calls = [System.Collections.Generic.List[string]]::new()
        $control = New-OrsServerControl -ScriptBlock @{
            Start = { param($app) $calls.Add("start $($app.Name)") }
            Stop = { param($app) $calls.Add("stop $($app.Name)") }
            Switchover = { param($app) $calls.Add("switch $($app.Name)") }
            Status = { param($app) if ($calls -contains "stop $($app.Name)") { 'Stopped' } elseif ($app.Name -like '*_Backup') { 'Running Backup' } else { [pscustomobject]@{ Status = 'Running'; Mode = 'Primary' } } }
        }
        $st = Get-OrsNode | Select-Object -First 1 | Get-OrsServerStatus -Control $control
        $st.Mode | Should -Be @('Primary', 'Backup')
        (Get-OrsApplication ORS_DC1_1_Backup | Stop-OrsServer -Control $control).Status | Should -Be 'Stopped'
        $calls | Should -Contain 'stop ORS_DC1_1_Backup'
    }

    It 'needs all four script blocks and reports a failing one' {
        { New-OrsServerControl -ScriptBlock @{ Start = {} } -ErrorAction Stop } | Should -Throw -ErrorId 'OrsMigration.ServerControlIncomplete*'
        Connect-OrsConfigServer -Path (New-TestStore 'ors-813') | Out-Null
        $bad = New-OrsServerControl @{ Start = { throw 'scs refused' }; Stop = {}; Switchover = {}; Status = { 'Stopped' } }
        Get-OrsApplication ORS_DC1_1 | Start-OrsServer -Control $bad -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ServerControlFailed,*'
        $err[0].Exception.Message | Should -Match 'scs refused'
    }
}

Describe 'New-OrsServerControl -MlcmdPath and New-OrsInstaller' {
    It 'reads status through a fake mlcmd and never shows the password' {
        $folder = New-TestFolder
        $env:FAKE_MLCMD_LOG = Join-Path $folder 'log'; $env:FAKE_MLCMD_STATE = Join-Path $folder 'state.json'; $env:FAKE_MLCMD_PASSWORD = 'S3cret!'
        try {
            Connect-OrsConfigServer -Path (New-TestStore 'ors-813') | Out-Null
            $fake = Join-Path $RepoRoot 'tests/fakes/mlcmd'
            & chmod +x $fake
            $good = [pscredential]::new('admin', (ConvertTo-SecureString 'S3cret!' -AsPlainText -Force))
            $c = New-OrsServerControl -MlcmdPath $fake -ConfigServer cfg1:2020 -Credential $good
            (Get-OrsApplication ORS_DC1_1 | Get-OrsServerStatus -Control $c).Mode | Should -Be 'Primary'
            (Get-OrsApplication ORS_DC1_1_Backup | Stop-OrsServer -Control $c).Status | Should -Be 'Stopped'
            Get-OrsNode | Select-Object -First 1 | Switch-OrsServer -Control $c -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.SwitchoverUnsupported,*'
            $bad = [pscredential]::new('admin', (ConvertTo-SecureString 'Wr0ng!' -AsPlainText -Force))
            $c2 = New-OrsServerControl -MlcmdPath $fake -ConfigServer cfg1:2020 -Credential $bad
            Get-OrsApplication ORS_DC1_1 | Get-OrsServerStatus -Control $c2 -ErrorVariable err2 -ErrorAction SilentlyContinue
            $err2[0].Exception.Message | Should -Match 'Login to Configuration Server failed'
            ($err2 | Out-String) | Should -Not -Match 'Wr0ng'
        }
        finally { Remove-Item Env:FAKE_MLCMD_LOG, Env:FAKE_MLCMD_STATE, Env:FAKE_MLCMD_PASSWORD }
    }

    It 'makes a silent-setup installer' {
        $i = New-OrsInstaller -SetupPath '/opt/ip/{version}/install.sh' -ResponseFile '/opt/ip/{app}.ini'
        $i.SetupPath | Should -Be '/opt/ip/{version}/install.sh'
        $i.Description | Should -Match 'silent setup'
    }
}
