<#
    Reading, exporting and restoring one Application with many option sections: the time for
    -Large sections as a ratio to the time for -Small sections, measured in the same run. Work
    linear in the sections gives a ratio near Large/Small (10); quadratic work gives its square.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Small = 5000,
    [int] $Large = 50000
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModuleManifest -Force

$work = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-bench-" + [guid]::NewGuid().ToString('N'))

function Measure-Sections([int] $Sections) {
    $store = Join-Path $work "store$Sections"
    Copy-Item (Join-Path $PSScriptRoot '../docs/samples/ors-813') $store -Recurse
    $file = Join-Path $store 'CfgApplication/240.json'
    $app = Get-Content $file -Raw | ConvertFrom-Json
    $app.options = @{ property = @(for ($i = 0; $i -lt $Sections; $i++) {
        @{ section = "site-section-$i"; key = 'k'; value = "$i" } }) }
    $app | ConvertTo-Json -Depth 10 -Compress | Set-Content $file -Encoding utf8NoBOM
    Connect-OrsConfigServer -Path $store | Out-Null
    $read = (Measure-Command { $script:a = Get-OrsApplication ORS_DC1_1 }).TotalMilliseconds
    $folder = Join-Path $work "export$Sections"
    $export = (Measure-Command { $script:e = $a | Export-OrsConfig -Path $folder }).TotalMilliseconds
    $a | Remove-OrsOption -Section 'site-section-1' -Force | Out-Null
    $restore = (Measure-Command { Restore-OrsConfig -LiteralPath $e.Path -Force | Out-Null }).TotalMilliseconds
    [pscustomobject]@{ Read = $read; Export = $export; Restore = $restore }
}

$s = Measure-Sections $Small
$l = Measure-Sections $Large
Remove-Item $work -Recurse -Force
foreach ($what in 'Read', 'Export', 'Restore') {
    $format = '{0} one Application, {1:N0} sections: {2:N0} ms; {3:N0} sections: {4:N0} ms; ratio {5:N1}x (linear: {6:N0}x)'
    Write-Host ($format -f $what, $Large, $l.$what, $Small, $s.$what, ($l.$what / [Math]::Max(1, $s.$what)), ($Large / $Small))
}
