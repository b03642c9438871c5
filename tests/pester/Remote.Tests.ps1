# Installation on each Application's own host through real PowerShell remoting (SSH on loopback): the
# lab's hosts map to PSSessions, and a fake silent setup on the remote side records host, user and
# arguments, then tells the lab what it installed (Set-OrsLabVersion), as a real setup changes its host.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'Sshd.ps1')
    $script:target = '8.1.400.64'
    $script:sshd = Start-TestSshd

    # The IP as it sits on the host: a setup script and one response file per Application and version.
    function New-RemoteIp([string] $LabPath, [string[]] $FailFor = @(), [string] $DieOnceFor) {
        $ip = New-TestFolder
        $record = Join-Path $ip 'installs.txt'
        $setup = Join-Path $ip 'install.ps1'
        @(
            'param([switch] $s, [string] $fr)'
            '$ini = Get-Content -LiteralPath $fr -Raw | ConvertFrom-Json'
            "Add-Content -LiteralPath '$record' `"`$([Environment]::MachineName) `$([Environment]::UserName) `$(`$ini.app) `$(`$ini.version) -s -fr `$fr`""
            "if (`$ini.app -in @('$($FailFor -join "','")')) { 'disk full on /opt/genesys'; exit 3 }"
            "if (`$ini.app -eq '$DieOnceFor' -and -not (Test-Path '$ip/died')) { Set-Content '$ip/died' x; [Environment]::Exit(9) }"
            "Import-Module '$ModuleManifest'"
            "Set-OrsLabVersion -Application `$ini.app -Version `$ini.version -Path '$LabPath'"
            "'installed ' + `$ini.version"
        ) | Set-Content $setup
        foreach ($app in Get-OrsApplication) {
            foreach ($v in $target, $app.Version) {
                $dir = Join-Path $ip "$($app.Name)/$v"
                New-Item -ItemType Directory $dir -Force | Out-Null
                @{ app = $app.Name; version = $v } | ConvertTo-Json | Set-Content (Join-Path $dir 'genesys_silent.ini')
            }
        }
        [pscustomobject]@{ Setup = $setup; ResponseFile = (Join-Path $ip '{app}/{version}/genesys_silent.ini'); Record = $record }
    }

    function New-RemoteLab {
        $lab = New-OrsLab -Path (Join-Path (New-TestFolder) 'lab') -TimeScale 600 -SessionRate 1 -MeanSessionSeconds 3000
        Start-Sleep -Milliseconds 300
        $lab
    }

    # Every lab host name mapped to one session (all on the loopback sshd).
    function Get-HostMap($Session) {
        $map = @{}
        Get-OrsApplication | ForEach-Object HostName | Sort-Object -Unique | ForEach-Object { $map[$_] = $Session }
        $map
    }
}
AfterAll { Get-PSSession | Remove-PSSession; Stop-TestSshd $sshd }

Describe 'New-OrsInstaller over PowerShell remoting' {
    It 'installs every Application on its own host through PSSessions, losing no session' {
        $lab = New-RemoteLab
        $ip = New-RemoteIp $lab.Path
        $session = New-TestSshSession $sshd
        $logs = New-TestFolder
        $installer = New-OrsInstaller -SetupPath $ip.Setup -ResponseFile $ip.ResponseFile -LogPath $logs -HostMap (Get-HostMap $session)
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Installer $installer -Force
        $r.Outcome | Should -Be 'Succeeded'
        $r.SessionsLost | Should -Be 0
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
        $lines = @(Get-Content $ip.Record)
        $lines.Count | Should -Be 8
        $lines | ForEach-Object { $_ | Should -BeLike "* $($sshd.User) * $target -s -fr *genesys_silent.ini" }
        @(Get-ChildItem $logs -Filter '*-install.log').Count | Should -Be 8
        Get-Content (Join-Path $logs "ORS_DC1_1-$target-install.log") -Raw | Should -BeLike '*installed 8.1.400.64*'
    }

    It 'a setup that exits non-zero fails its step, restores the Application and stops the run' {
        $lab = New-RemoteLab
        $before = Get-OrsApplication ORS_DC1_1_Backup
        $ip = New-RemoteIp $lab.Path -FailFor 'ORS_DC1_1_Backup'
        $logs = New-TestFolder
        $installer = New-OrsInstaller -SetupPath $ip.Setup -ResponseFile $ip.ResponseFile -LogPath $logs -HostMap (Get-HostMap (New-TestSshSession $sshd))
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Installer $installer -Force `
            -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        $err[0].Exception.Message | Should -BeLike '*exit code 3*disk full*'
        (Get-OrsApplication ORS_DC1_1_Backup).Version | Should -Be $before.Version
        (Get-OrsApplication ORS_DC1_1_Backup | Get-OrsServerStatus).Version | Should -Be $before.Version
        @(Get-OrsNode | Select-Object -Skip 1 | Get-OrsServerStatus | Where-Object Version -eq $target).Count | Should -Be 0
    }

    It 'a session that dies mid-run is a clear error; -Resume opens a new session and finishes' {
        $lab = New-RemoteLab
        $ip = New-RemoteIp $lab.Path -DieOnceFor 'ORS_DC1_2'
        $backup = New-TestFolder
        $session = New-TestSshSession $sshd
        $installer = New-OrsInstaller -SetupPath $ip.Setup -ResponseFile $ip.ResponseFile -HostMap (Get-HostMap $session) `
            -SshUserName $sshd.User -SshKeyFilePath $sshd.KeyFile -SshPort $sshd.Port -SshOptions $sshd.Options
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Installer $installer -Force `
            -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        $err[0].Exception.Message | Should -BeLike '*ORS_DC1_2*'
        $r = Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath $backup -Installer $installer -Resume -Force
        $r.Outcome | Should -Be 'Succeeded'
        (Get-OrsNode | Get-OrsServerStatus).Version | Sort-Object -Unique | Should -Be $target
    }

    It 'a setup.exe is started on its host with the documented line, and its -sl log comes back' {
        $lab = New-RemoteLab
        $ip = New-RemoteIp $lab.Path
        # A stand-in setup.exe: records the arguments it was given and writes the log -sl names.
        $exe = Join-Path (Split-Path $ip.Setup) 'setup.exe'
        $argsFile = Join-Path (Split-Path $ip.Setup) 'exe-args.txt'
        @(
            '#!/bin/sh'
            "printf '%s\n' `"`$@`" > '$argsFile'"
            "log=`$(printf '%s' `"`$2`" | sed -n `"s/.* -sl '\(.*\)'`$/\1/p`")"
            'echo "silent setup done" > "$log"'
            'echo "setup finished"; echo "a warning" >&2'
        ) | Set-Content $exe
        chmod +x $exe
        $logs = New-TestFolder
        $installer = New-OrsInstaller -SetupPath $exe -ResponseFile $ip.ResponseFile -LogPath $logs `
            -HostMap (Get-HostMap (New-TestSshSession $sshd))
        $app = Get-OrsApplication ORS_DC1_1
        $installer.Install($app, $target, (New-TestFolder))
        $ini = Join-Path (Split-Path $ip.Setup) "ORS_DC1_1/$target/genesys_silent.ini"
        $remoteLog = Join-Path (Split-Path $ini) "ORS_DC1_1-$target-install.log"
        Get-Content $argsFile | Should -Be @('/s', "/z-s '$ini' -sl '$remoteLog'")
        $local = Get-Content (Join-Path $logs "ORS_DC1_1-$target-install.log") -Raw
        $local | Should -BeLike '*setup finished*a warning*silent setup done*'
    }

    It 'an Application whose host no session reaches is RemoteHostUnreachable, naming both' {
        $lab = New-RemoteLab
        $ip = New-RemoteIp $lab.Path
        $installer = New-OrsInstaller -SetupPath $ip.Setup -ResponseFile $ip.ResponseFile -Session (New-TestSshSession $sshd)
        $r = Get-OrsNode | Select-Object -First 1 | Invoke-OrsRollingUpgrade -TargetVersion $target -ExportPath (New-TestFolder) -Installer $installer -Force `
            -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Failed'
        $err[0].Exception.Message | Should -BeLike '*dc1-ors1*ORS_DC1_1*'
        Test-Path $ip.Record | Should -BeFalse
    }
}
