# Runs a script in a fresh, non-interactive PowerShell of the same build, as a scheduled task would.
function Invoke-ChildPwsh {
    $exe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        & $exe (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive @args
    } else {
        & $exe -NoProfile -NonInteractive @args
    }
}
