# Starts tests/GaxStandIn (the GAX REST stand-in, loopback only) over a folder of file stores.
. (Join-Path $PSScriptRoot 'CqlServer.ps1')   # Get-FreePort

# The login every stand-in started here accepts.
function New-GaxStandInCredential([string] $Password = 'Adm1n-pw') {
    [pscredential]::new('admin', (ConvertTo-SecureString $Password -AsPlainText -Force))
}

function Start-GaxStandIn([string] $Root, [string[]] $Arguments = @(), [switch] $Tls) {
    $port = Get-FreePort
    $dll = Join-Path $PSScriptRoot '../GaxStandIn/bin/Release/net10.0/GaxStandIn.dll'
    $login = New-GaxStandInCredential
    $all = @("`"$dll`"", '--root', "`"$Root`"", '--port', $port, '--user', $login.UserName, '--password', $login.GetNetworkCredential().Password) + $Arguments
    if ($Tls) { $all += @('--cert', "`"$(New-SelfSignedPfx)`"") }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet', ($all -join ' '))
    $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    if ($process.StandardOutput.ReadLine() -ne 'READY') { throw "The GAX stand-in did not start: $($process.StandardError.ReadToEnd())" }
    $scheme = if ($Tls) { 'https' } else { 'http' }
    [pscustomobject]@{ Process = $process; Uri = "${scheme}://127.0.0.1:$port" }
}

function Stop-GaxStandIn($Server) {
    if ($Server -and -not $Server.Process.HasExited) { $Server.Process.Kill() }
}

# The request counts the stand-in keeps (per HTTP method, and 'login').
function Get-GaxStandInStats($Server) {
    $handler = [System.Net.Http.HttpClientHandler]::new()
    $handler.ServerCertificateCustomValidationCallback = { $true }
    $client = [System.Net.Http.HttpClient]::new($handler)
    try { $client.GetStringAsync("$($Server.Uri)/stats").GetAwaiter().GetResult() | ConvertFrom-Json }
    finally { $client.Dispose() }
}

function New-SelfSignedPfx {
    $key = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=127.0.0.1', $key,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $cert = $request.CreateSelfSigned([datetimeoffset]::UtcNow.AddDays(-1), [datetimeoffset]::UtcNow.AddDays(7))
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("gax-" + [guid]::NewGuid().ToString('N') + '.pfx')
    [System.IO.File]::WriteAllBytes($path, $cert.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, ''))
    $path
}
