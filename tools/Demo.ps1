param([Parameter(Mandatory)] [string] $ModuleManifest)
Write-Host 'placeholder'
