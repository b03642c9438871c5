<#
    Runs every *.Tests.ps1 here against the assembled module, non-interactively, and writes
    JUnit XML plus a small summary that build.ps1 adds to the xunit totals.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
$env:ORS_MODULE_MANIFEST = (Resolve-Path $ModuleManifest).Path
. (Join-Path $PSScriptRoot 'ChildPwsh.ps1')

# The docs/runbooks example runs as an administrator would run it (a fresh, non-interactive
# PowerShell on a copy of the 8.1.3 sample); its own Pester file then verifies the result.
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$runbookStore = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-runbook-" + [guid]::NewGuid().ToString('N'))
$runbookExport = "$runbookStore-export"
Copy-Item (Join-Path $repo 'docs/samples/ors-813') $runbookStore -Recurse
Invoke-ChildPwsh -File (Join-Path $repo 'docs/runbooks/Invoke-OrsMigrationPrep.ps1') -StorePath $runbookStore -ExportPath $runbookExport `
    -SettingsPath (Join-Path $repo 'docs/runbooks/ors-813.settings.psd1') -ModulePath $env:ORS_MODULE_MANIFEST | Out-Host
Write-Host "Runbook exit code: $LASTEXITCODE"

$containers = @(
    New-PesterContainer -Path $PSScriptRoot
    New-PesterContainer -Path (Join-Path $repo 'docs/runbooks/OrsMigrationPrep.Tests.ps1') -Data @{
        StorePath = $runbookStore; ExportPath = $runbookExport; ModulePath = $env:ORS_MODULE_MANIFEST }
)
$config = New-PesterConfiguration
$config.Run.Container = $containers
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultPath 'pester.junit.xml'
$run = Invoke-Pester -Configuration $config
$failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
[pscustomobject]@{ Passed = $run.PassedCount; Failed = $failed; Skipped = $run.SkippedCount } |
    ConvertTo-Json | Set-Content (Join-Path $ResultPath 'pester-summary.json')
if ($failed -gt 0) { exit 1 }
