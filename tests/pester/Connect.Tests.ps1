# Connecting: the file store's own refusals, and GAX (the stand-in) on its own terms: the password,
# TLS, and a session that expires while a long pipeline runs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Password = (New-GaxStandInCredential).GetNetworkCredential().Password
    # A store under a stand-in's root; returns its GAX address.
    function New-GaxStore($Server, [string] $Root) {
        "$($Server.Uri)/s/$(Split-Path (New-TestStore -Parent $Root) -Leaf)"
    }
}

Describe 'Connect-OrsConfigServer to a file store' {
    It 'refuses a folder that does not exist' {
        $store = New-TestStore 'ors-812'
        { Connect-OrsConfigServer -Path (Join-Path $store 'missing') } | Should -Throw -ErrorId 'OrsMigration.StoreNotFound*'
    }
}

Describe 'Connect-OrsConfigServer to GAX' {
    BeforeAll {
        $script:root = New-TestFolder
        $script:gax = Start-GaxStandIn -Root $root
    }
    AfterAll { Stop-GaxStandIn $gax; Disconnect-OrsConfigServer -ErrorAction SilentlyContinue }

    It 'refuses an http:// address before any login is sent, unless -AllowUnencryptedAuthentication' {
        $uri = New-GaxStore $gax $root
        $uri | Should -BeLike 'http://*'
        $before = Get-GaxStandInStats $gax | ConvertTo-Json -Compress
        $err = { Connect-OrsConfigServer -Uri $uri -Credential (New-GaxStandInCredential) } |
            Should -Throw -ErrorId 'OrsMigration.UnencryptedAuthentication,*' -PassThru
        Get-GaxStandInStats $gax | ConvertTo-Json -Compress | Should -Be $before
        $err.Exception.Message | Should -BeLike '*password in clear text*https://*-AllowUnencryptedAuthentication*'
        (Connect-OrsConfigServer -Uri $uri -Credential (New-GaxStandInCredential) -AllowUnencryptedAuthentication).Kind |
            Should -Be 'Gax'
    }

    It 'names the user, not the password, when the login is refused' {
        $uri = New-GaxStore $gax $root
        $err = { Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri $uri -Credential (New-GaxStandInCredential 'Wr0ng-secret') } | Should -Throw -ErrorId 'OrsMigration.GaxLoginFailed,*' -PassThru
        $err.Exception.Message | Should -BeLike "*'admin'*"
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -BeLike '*Wr0ng-secret*'
    }

    It 'refuses an address that carries the password, without echoing it' {
        $uri = (New-GaxStore $gax $root) -replace '^http://', "http://admin:$($script:Password)@"
        $err = { Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri $uri -Credential (New-GaxStandInCredential) } | Should -Throw -ErrorId 'OrsMigration.CredentialInUri,*' -PassThru
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -BeLike "*$($script:Password)*"
    }

    It 'finds the REST root where -ApiPath says' {
        $name = Split-Path (New-GaxStore $gax $root) -Leaf
        Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri "$($gax.Uri)/s" -ApiPath "$name/gax/api" -Credential (New-GaxStandInCredential) | Out-Null
        @(Get-OrsApplication).Count | Should -Be 4
        { Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri "$($gax.Uri)/s/$name" -ApiPath 'rest/v2' -Credential (New-GaxStandInCredential) } | Should -Throw -ErrorId 'OrsMigration.GaxApiNotFound,*'
    }

    It 'keeps the password out of every output stream, the transcript and the exports' {
        $uri = New-GaxStore $gax $root
        $backup = New-TestFolder
        $transcript = Join-Path (New-TestFolder) 'transcript.txt'
        Start-Transcript -Path $transcript | Out-Null
        try {
            $all = & {
                $DebugPreference = 'Continue'; $VerbosePreference = 'Continue'
                $c = Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri $uri -Credential (New-GaxStandInCredential)
                $c; $c | Format-List * | Out-String; $c | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
                Get-OrsApplication -Type Any | Export-OrsConfig -Path $backup
                Get-OrsApplication | Remove-OrsObsoleteOption -Force | Format-Table | Out-String
                Test-OrsConfig | Format-List | Out-String
                Disconnect-OrsConfigServer
            } *>&1 | Out-String -Width 400
        }
        finally { Stop-Transcript | Out-Null }
        $all | Should -BeLike '*ORS_DC1_1*'   # the streams were captured at all
        $all | Should -Not -BeLike "*$($script:Password)*"
        Get-Content $transcript -Raw | Should -Not -BeLike "*$($script:Password)*"
        @(Get-ChildItem $backup -Recurse -File).Count | Should -BeGreaterThan 10
        Get-ChildItem $backup -Recurse -File | Select-String -SimpleMatch $script:Password | Should -BeNullOrEmpty
    }
}

Describe 'GAX over TLS' {
    BeforeAll {
        $script:root = New-TestFolder
        $script:gax = Start-GaxStandIn -Root $root -Tls
    }
    AfterAll { Stop-GaxStandIn $gax; Disconnect-OrsConfigServer -ErrorAction SilentlyContinue }

    It 'refuses a certificate it cannot trust and says how to proceed' {
        $uri = New-GaxStore $gax $root
        $err = { Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri $uri -Credential (New-GaxStandInCredential) } | Should -Throw -ErrorId 'OrsMigration.GaxUnreachable,*' -PassThru
        $err.Exception.Message | Should -BeLike '*-SkipCertificateCheck*'
    }

    It 'connects with -SkipCertificateCheck' {
        $uri = New-GaxStore $gax $root
        (Connect-OrsConfigServer -Uri $uri -Credential (New-GaxStandInCredential) -SkipCertificateCheck).Kind | Should -Be 'Gax'
        @(Get-OrsApplication).Count | Should -Be 4
    }
}

Describe 'A GAX session that expires during a long pipeline' {
    BeforeAll {
        $script:root = New-TestFolder
        $script:gax = Start-GaxStandIn -Root $root -Arguments '--session-seconds', '1'
    }
    AfterAll { Stop-GaxStandIn $gax; Disconnect-OrsConfigServer -ErrorAction SilentlyContinue }

    It 'logs in again and finishes every export and every change, with no error and no duplicate write' {
        Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri (New-GaxStore $gax $root) -Credential (New-GaxStandInCredential) | Out-Null
        $backup = New-TestFolder
        # Slower than the session: each Application reaches the export after the last session died.
        $exports = Get-OrsApplication -Type Any | ForEach-Object { Start-Sleep -Milliseconds 400; $_ } |
            Export-OrsConfig -Path $backup -ErrorVariable exportErrors
        $exportErrors | Should -BeNullOrEmpty
        @($exports).Count | Should -Be 14
        $changes = Get-OrsApplication | ForEach-Object { Start-Sleep -Milliseconds 700; $_ } |
            Remove-OrsObsoleteOption -Force -ErrorVariable changeErrors
        $changeErrors | Should -BeNullOrEmpty
        @($changes).Count | Should -BeGreaterThan 0
        @(Get-OrsApplication | Get-OrsOption -Section orchestration -Name mcr-pull-by-msn-only).Count | Should -Be 0
        $stats = Get-GaxStandInStats $gax
        $stats.login | Should -BeGreaterThan 2
        # One write per changed Application: a write refused for an expired session is repeated once, never twice.
        $stats.'applied-put' | Should -Be @($changes.ApplicationDbid | Sort-Object -Unique).Count
    }
}

Describe 'Stopping a pipeline that waits on GAX' {
    BeforeAll {
        $script:root = New-TestFolder
        $script:gax = Start-GaxStandIn -Root $root -Arguments '--delay-ms', '3000'
    }
    AfterAll { Stop-GaxStandIn $gax }

    It 'abandons the requests in flight at once instead of waiting for their answers' {
        $uri = New-GaxStore $gax $root
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($Manifest, $Uri, $Credential, $Backup)
            Import-Module $Manifest
            Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri $Uri -Credential $Credential | Out-Null
            Get-OrsApplication -Type Any | Export-OrsConfig -Path $Backup
        }).AddArgument($script:ModuleManifest).AddArgument($uri).AddArgument((New-GaxStandInCredential)).AddArgument((New-TestFolder))
        $run = $ps.BeginInvoke()
        # Once the Application and Host lists are served, Export-OrsConfig's reads of single objects go
        # out and wait 3 s each on the server (the lists have their own cancellation; these reads are the test).
        $deadline = [datetime]::UtcNow.AddSeconds(30)
        while ([datetime]::UtcNow -lt $deadline) {
            $served = (Get-GaxStandInStats $gax).PSObject.Properties['GET']
            if ($served -and $served.Value -ge 2) { break }
            Start-Sleep -Milliseconds 100
        }
        Start-Sleep -Milliseconds 500
        $stop = [System.Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $stop.Stop()
        $run.IsCompleted | Should -BeTrue
        $stop.Elapsed.TotalSeconds | Should -BeLessThan 1.5
        $ps.Dispose()
    }
}

Describe 'Hostile GAX answers to the login' {
    BeforeAll { $script:root = New-TestFolder }

    It 'keeps the password out of the error, the streams and the transcript when the login answer echoes it (<Status>)' -ForEach @(
        @{ Status = 400 }, @{ Status = 500 }
    ) {
        $gax = Start-GaxStandIn -Root $root -Arguments @('--login-echo-status', $Status)
        try {
            $transcript = Join-Path (New-TestFolder) 'transcript.txt'
            Start-Transcript -Path $transcript | Out-Null
            try {
                $all = & {
                    $DebugPreference = 'Continue'; $VerbosePreference = 'Continue'
                    try { Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri (New-GaxStore $gax $root) -Credential (New-GaxStandInCredential) }
                    catch { $_ | Format-List * -Force | Out-String; $_.Exception.ToString(); Write-Error $_ -ErrorAction Continue }
                } *>&1 | Out-String -Width 400
            }
            finally { Stop-Transcript | Out-Null }
            $all | Should -BeLike "*answered $Status*"
            $all | Should -Not -BeLike "*$($script:Password)*"
            Get-Content $transcript -Raw | Should -Not -BeLike "*$($script:Password)*"
        }
        finally { Stop-GaxStandIn $gax }
    }

    It 'does not follow a redirect of the login to another address' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse('127.0.0.2'), 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $gax = Start-GaxStandIn -Root $root -Arguments @('--login-redirect', "http://127.0.0.2:$port/gax/api/session/login")
            try {
                $err = { Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri (New-GaxStore $gax $root) -Credential (New-GaxStandInCredential) } |
                    Should -Throw -ErrorId 'OrsMigration.GaxRedirected,*' -PassThru
                $err.Exception.Message | Should -BeLike '*127.0.0.2*'
                Start-Sleep -Milliseconds 300
                $listener.Pending() | Should -BeFalse      # nothing ever connected to the second address
            }
            finally { Stop-GaxStandIn $gax }
        }
        finally { $listener.Stop() }
    }
}
