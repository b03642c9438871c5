# Shared set-up for the Pester suites: the module is imported from the assembled output
# (build.ps1 -Task Build), never from a bin/ folder.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:ModuleManifest = $env:ORS_MODULE_MANIFEST
if (-not $script:ModuleManifest) {
    $script:ModuleManifest = Join-Path $PSScriptRoot '../../out/OrsMigration/OrsMigration.psd1'
}
if ($script:ModuleManifest -match '[\\/]bin[\\/]') { throw "Tests must import the assembled module, not '$script:ModuleManifest'." }
Import-Module $script:ModuleManifest -Force

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:Samples = Join-Path $script:RepoRoot 'docs/samples'
$script:Corpus = Join-Path $script:RepoRoot 'tests/cfg-corpus'

# The configuration suites run twice: on the file store, and through GAX against the stand-in
# (ORS_TEST_BACKEND=Gax; the stand-in serves every store made under ORS_GAX_ROOT at /s/<name>).
. (Join-Path $PSScriptRoot 'GaxStandIn.ps1')
$script:Backend = if ($env:ORS_TEST_BACKEND) { $env:ORS_TEST_BACKEND } else { 'File' }

function Connect-TestStore([string] $Path) {
    if ($script:Backend -ne 'Gax') { return Connect-OrsConfigServer -Path $Path }
    Connect-OrsConfigServer -AllowUnencryptedAuthentication -Uri "$env:ORS_GAX_URI/s/$(Split-Path $Path -Leaf)" -Credential (New-GaxStandInCredential)
}

function New-TestStore([string] $Sample = 'ors-812', [string] $Parent) {
    $parent = if ($Parent) { $Parent } elseif ($script:Backend -eq 'Gax') { $env:ORS_GAX_ROOT } else { [System.IO.Path]::GetTempPath() }
    $path = Join-Path $parent ("ors-pester-" + [guid]::NewGuid().ToString('N'))
    Copy-Item (Join-Path $script:Samples $Sample) $path -Recurse
    $path
}

# A lab of the 8.1.3 sample (or NodeCount nodes) with steady traffic, given a moment to fill up.
function New-TrafficLab([switch] $NonRecoverable, [int] $NodeCount) {
    $arguments = @{ Path = Join-Path (New-TestFolder) 'lab'; TimeScale = 600; SessionRate = 1; MeanSessionSeconds = 3000
        NonRecoverableStrategies = $NonRecoverable }
    if ($NodeCount) { $arguments.NodeCount = $NodeCount }
    $lab = New-OrsLab @arguments
    Start-Sleep -Milliseconds 300
    $lab
}

function New-TestFolder {
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $path | Out-Null
    $path
}

# One hash over every file of a folder (names and contents), to prove nothing changed.
function Get-FolderHash([string] $Path) {
    if (-not (Test-Path $Path)) { return 'absent' }
    $lines = Get-ChildItem $Path -Recurse -File -Force | Sort-Object FullName | ForEach-Object {
        $_.FullName.Substring($Path.Length) + ':' + (Get-FileHash $_.FullName -Algorithm SHA256).Hash
    }
    ($lines -join "`n")
}
