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
# One Pester run over the containers, its JUnit XML in $ResultPath.
function Invoke-PesterRun($Containers, [string] $JUnitFile) {
    $config = New-PesterConfiguration
    $config.Run.Container = $Containers
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    $config.Output.RenderMode = 'Plaintext'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'JUnitXml'
    $config.TestResult.OutputPath = Join-Path $ResultPath $JUnitFile
    Invoke-Pester -Configuration $config
}

$run = Invoke-PesterRun $containers 'pester.junit.xml'
$passed = $run.PassedCount
$failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
$skipped = $run.SkippedCount

# The Cassandra suite again, over Thrift (a 1.1.12-style ring on the stand-in), same assertions.
try {
    $env:ORS_CASSANDRA_PROTOCOL = 'Thrift'
    Write-Host 'Cassandra suite over Thrift (stand-in):'
    $thriftRun = Invoke-PesterRun @(New-PesterContainer -Path (Join-Path $PSScriptRoot 'Cassandra.Tests.ps1')) 'pester-thrift.junit.xml'
    $passed += $thriftRun.PassedCount
    $failed += $thriftRun.FailedCount + $thriftRun.FailedBlocksCount + $thriftRun.FailedContainersCount
    $skipped += $thriftRun.SkippedCount
}
finally { Remove-Item Env:ORS_CASSANDRA_PROTOCOL -ErrorAction SilentlyContinue }

# The configuration suites again, through GAX: the stand-in serves the stores the tests make.
$gaxRoot = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-gax-" + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory $gaxRoot | Out-Null
. (Join-Path $PSScriptRoot 'GaxStandIn.ps1')
$gax = Start-GaxStandIn -Root $gaxRoot
try {
    $env:ORS_TEST_BACKEND = 'Gax'; $env:ORS_GAX_ROOT = $gaxRoot; $env:ORS_GAX_URI = $gax.Uri
    Write-Host 'Configuration suites through GAX (stand-in):'
    $gaxSuites = @('Config.Tests.ps1', 'Migration.Tests.ps1' | ForEach-Object { New-PesterContainer -Path (Join-Path $PSScriptRoot $_) })
    $gaxRun = Invoke-PesterRun $gaxSuites 'pester-gax.junit.xml'
    $passed += $gaxRun.PassedCount
    $failed += $gaxRun.FailedCount + $gaxRun.FailedBlocksCount + $gaxRun.FailedContainersCount
    $skipped += $gaxRun.SkippedCount
}
finally {
    Remove-Item Env:ORS_TEST_BACKEND, Env:ORS_GAX_ROOT, Env:ORS_GAX_URI -ErrorAction SilentlyContinue
    Stop-GaxStandIn $gax
}
[pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped } |
    ConvertTo-Json | Set-Content (Join-Path $ResultPath 'pester-summary.json')
if ($failed -gt 0) { exit 1 }
