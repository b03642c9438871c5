<#
    The README demo: the migration guide's export, prune and rollback on a copy of the 8.1.2
    sample deployment. Runs on any machine with no set-up beyond `dotnet tool restore`.
#>
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModuleManifest -Force

$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path $root 'out/demo'
if (Test-Path $work) { Remove-Item $work -Recurse -Force }
$store = Join-Path $work 'config'
$backup = Join-Path $work 'backup'
Copy-Item (Join-Path $root 'docs/samples/ors-812') $store -Recurse

if ($PSVersionTable.PSVersion.Major -ge 7 -and [Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }
function Step([string] $Title) { Write-Host ''; Write-Host "=== $Title" -ForegroundColor Cyan }
# Tables at full width even when the output is not a terminal.
function Show { $input | Out-String -Width 200 | Write-Host }

Step "Connect to the 8.1.2 sample deployment (a file configuration store: $store)"
Connect-OrsConfigServer -Path $store | Show
Get-OrsApplication -Type Any | Format-Table Dbid, Name, Type, Version, HostName | Show

Step 'Step 1 of the guide: export every ORS Application (rollback point)'
$exports = Get-OrsApplication | Export-OrsConfig -Path $backup
$exports | Format-Table ApplicationName, ApplicationDbid, Version, Path | Show
Write-Host "manifest: $(Join-Path $backup 'manifest.json')"

Step 'Step 2: what Remove-OrsObsoleteOption would do (-WhatIf)'
Get-OrsApplication | Remove-OrsObsoleteOption -WhatIf

Step 'Step 2: delete the options ORS 8.1.4 no longer uses'
$changes = Get-OrsApplication | Remove-OrsObsoleteOption -Force -WarningAction Continue
$changes | Format-Table ApplicationName, Action, Section, Name, OldValue, NewValue -AutoSize | Show
$changes | Select-Object -First 1 -Property ApplicationName, Name, Reason | Format-List | Show

Step 'What changed against the export (Compare-OrsConfig)'
Compare-OrsConfig -Reference $exports[0] -Difference $exports[0].ApplicationName | Format-Table -AutoSize | Show

Step 'Rollback: restore every Application from its export (hash checked, read back, verified)'
$restored = Get-ChildItem (Join-Path $backup '*.cfg') | Restore-OrsConfig -Force
Write-Host "$(@($restored).Count) option changes restored."

Step 'Verify: every Application holds exactly its exported options, same order'
$left = foreach ($e in $exports) { Compare-OrsConfig -Reference $e -Difference (Get-OrsApplication -Dbid $e.ApplicationDbid) -IncludeOrder }
if (@($left).Count -ne 0) { $left | Show; throw 'The rollback left differences.' }
Write-Host "No differences in $(@($exports).Count) Applications. Demo complete." -ForegroundColor Green
Disconnect-OrsConfigServer
