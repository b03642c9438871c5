<#
.SYNOPSIS
    Packs the assembled module (out/OrsMigration) as a PSResourceGet .nupkg in a folder.
.DESCRIPTION
    Publishes to a temporary file repository registered under a unique name and removed again, so
    the machine's repository list is left as it was. The package is what Install-PSResource and
    Save-PSResource take from a file share or a gallery.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Destination
)
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Path $Destination -Force | Out-Null
Get-ChildItem $Destination -Filter 'OrsMigration.*.nupkg' | Remove-Item
$name = 'OrsMigrationBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri (Resolve-Path $Destination).Path -Trusted
try { Publish-PSResource -Path $ModulePath -Repository $name }
finally { Unregister-PSResourceRepository -Name $name }
Get-ChildItem $Destination -Filter 'OrsMigration.*.nupkg' | ForEach-Object { "Packed $($_.FullName)" }
