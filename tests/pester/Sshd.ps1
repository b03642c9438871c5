# A private sshd on 127.0.0.1 for real PowerShell remoting over SSH: its own host key and
# authorized_keys in a temporary folder, Subsystem powershell running this repository's pwsh with
# -sshs. Nothing of the system's ssh configuration is read or changed.
. (Join-Path $PSScriptRoot 'CqlServer.ps1')   # Get-FreePort

function Start-TestSshd {
    $sshd = (Get-Command sshd -ErrorAction SilentlyContinue)?.Source ?? '/usr/sbin/sshd'
    if (-not (Test-Path $sshd)) { throw 'sshd is missing: apt-get install openssh-server (.ci/run does).' }
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('sshd-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $dir | Out-Null
    New-Item -ItemType Directory /run/sshd -Force | Out-Null        # sshd's privilege separation folder
    foreach ($key in 'host_key', 'client_key') { & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $dir $key) | Out-Null }
    Copy-Item (Join-Path $dir 'client_key.pub') (Join-Path $dir 'authorized_keys')
    & chmod 600 (Join-Path $dir 'authorized_keys') (Join-Path $dir 'client_key')
    $host_ = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $pwsh = if ([System.IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { "$host_ $(Join-Path $PSHOME 'pwsh.dll')" } else { $host_ }
    $wrapper = Join-Path $dir 'pwsh-sshs'
    Set-Content $wrapper "#!/bin/sh`nexec $pwsh -sshs -NoLogo -NoProfile"
    & chmod +x $wrapper
    $port = Get-FreePort
    $config = Join-Path $dir 'sshd_config'
    @(
        "Port $port", 'ListenAddress 127.0.0.1', "HostKey $(Join-Path $dir 'host_key')", "PidFile $(Join-Path $dir 'sshd.pid')",
        "AuthorizedKeysFile $(Join-Path $dir 'authorized_keys')", 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes', 'StrictModes no', 'UsePAM no', 'PermitRootLogin prohibit-password', "Subsystem powershell $wrapper"
    ) | Set-Content $config
    $info = [System.Diagnostics.ProcessStartInfo]::new($sshd, "-D -e -f `"$config`"")
    $info.RedirectStandardError = $true; $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $deadline = (Get-Date).AddSeconds(10)
    while (-not (Test-Connection -TargetName 127.0.0.1 -TcpPort $port -Quiet -TimeoutSeconds 1) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
    [pscustomobject]@{
        Process = $process; Port = $port; Folder = $dir; KeyFile = (Join-Path $dir 'client_key'); User = [Environment]::UserName
        Options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = (Join-Path $dir 'known_hosts') }
    }
}

function New-TestSshSession($Sshd) {
    New-PSSession -HostName 127.0.0.1 -Port $Sshd.Port -UserName $Sshd.User -KeyFilePath $Sshd.KeyFile -Options $Sshd.Options -ErrorAction Stop
}

function Stop-TestSshd($Sshd) {
    if ($Sshd -and -not $Sshd.Process.HasExited) { $Sshd.Process.Kill() }
}
