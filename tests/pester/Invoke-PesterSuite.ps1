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
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
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
