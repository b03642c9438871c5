<#
    Restore-OrsConfig over every file of one export folder of 2,000 ORS Applications, in one pipeline,
    against a baseline measured in the same run: the same restores, one Restore-OrsConfig call per file
    (each call reads the folder's manifest again, as every call did before the manifest was cached for the
    pipeline), timed over a sample of 100 files. Prints the time per file of each and their ratio.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Applications = 2000,
    [int] $Sample = 100
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'BenchStore.ps1')
Import-Module $ModuleManifest
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-bench-" + [guid]::NewGuid().ToString('N'))
try {
    $store = New-BenchStore -Path (Join-Path $work 'store') -Applications $Applications
    Connect-OrsConfigServer -Path $store | Out-Null
    $folder = Join-Path $work 'export'
    Get-OrsApplication | Export-OrsConfig -Path $folder | Out-Null
    $files = @(Get-ChildItem (Join-Path $folder '*.cfg'))
    Get-OrsApplication | Select-Object -First 1 |
        Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 77 -Force | Out-Null
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $restored = @($files | Restore-OrsConfig -Force)
    $pipeline = $watch.Elapsed.TotalMilliseconds / $files.Count
    if ($restored.Count -ne 1) { throw "Expected one Application changed back, got $($restored.Count)." }
    $watch.Restart()
    foreach ($file in $files | Select-Object -First $Sample) {
        Restore-OrsConfig -LiteralPath $file.FullName -Force | Out-Null
    }
    $single = $watch.Elapsed.TotalMilliseconds / $Sample
    $format = "Restore-OrsConfig from a folder of {0:N0} exports: {1:N2} ms per file in one pipeline, {2:N1} ms per " +
        "file one call each (baseline, {3} files): ratio {4:N3}"
    Write-Host ($format -f $files.Count, $pipeline, $single, $Sample, ($pipeline / $single))
}
finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
