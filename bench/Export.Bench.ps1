<#
    Get-OrsApplication | Export-OrsConfig over a generated store of 2,000 ORS Applications,
    reported as a ratio to a plain copy of the same store's files measured in the same run.
    The baseline is what any export must at least do: read every object and write a file.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Applications = 2000,
    [int] $Repeat = 5
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModuleManifest -Force

. (Join-Path $PSScriptRoot 'BenchStore.ps1')
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-bench-" + [guid]::NewGuid().ToString('N'))
$store = New-BenchStore -Path (Join-Path $work 'store') -Applications $Applications
Connect-OrsConfigServer -Path $store | Out-Null

$copy = [System.Collections.Generic.List[double]]::new()
$export = [System.Collections.Generic.List[double]]::new()
for ($r = 0; $r -lt $Repeat; $r++) {
    $target = Join-Path $work "copy$r"
    $copy.Add((Measure-Command { Copy-Item (Join-Path $store 'CfgApplication') $target -Recurse }).TotalMilliseconds)
    $target = Join-Path $work "export$r"
    $export.Add((Measure-Command { Get-OrsApplication | Export-OrsConfig -Path $target | Out-Null }).TotalMilliseconds)
    if (@(Get-ChildItem $target -Filter *.cfg).Count -ne $Applications) { throw "Export $r wrote the wrong number of files." }
}
$c = ($copy | Measure-Object -Minimum).Minimum
$e = ($export | Measure-Object -Minimum).Minimum
Remove-Item $work -Recurse -Force
Write-Host ("Export-OrsConfig, {0} Applications: {1:N0} ms; plain copy of the store files: {2:N0} ms; ratio {3:N1}x (best of {4})" -f $Applications, $e, $c, ($e / $c), $Repeat)
