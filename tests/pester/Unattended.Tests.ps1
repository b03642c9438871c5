# High-impact cmdlets in hosts that cannot ask for confirmation (pwsh -NonInteractive, as a
# scheduled task runs it; a runspace without a UI): an OrsMigration.ConfirmationRequired error
# naming -Force, under -ErrorAction's rule, and nothing changed.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'ChildPwsh.ps1')

    # Each case: a script that makes its own state in $work and runs one High-impact cmdlet without -Force.
    $script:cases = @{
        'Remove-OrsOption'         = 'Get-OrsApplication ORS_DC1_1 | Remove-OrsOption -Section orchestration -Name mcr-pull-by-msn-only'
        'Remove-OrsObsoleteOption' = 'Get-OrsApplication ORS_DC1_1 | Remove-OrsObsoleteOption'
        'Restore-OrsConfig'        = 'Restore-OrsConfig -LiteralPath (Join-Path $work "export/ORS_DC1_1.cfg")'
        'Remove-OrsLab'            = 'Remove-OrsLab -Lab $lab'
        'Invoke-OrsRollingUpgrade' = 'Connect-OrsLab $lab.Path | Out-Null; Get-OrsNode | Invoke-OrsRollingUpgrade -TargetVersion 8.1.400.64 -ExportPath (Join-Path $work "up")'
    }

    # The script a child runs: set up, run the case under the given -ErrorAction, print the outcome.
    function Get-CaseScript([string] $Case, [string] $ErrorAction) {
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$work = '$(New-TestFolder)'
Copy-Item '$Samples/ors-812' (Join-Path `$work 'store') -Recurse
`$lab = New-OrsLab -Path (Join-Path `$work 'lab') -TimeScale 3600
Connect-OrsConfigServer -Path (Join-Path `$work 'store') | Out-Null
Get-OrsApplication ORS_DC1_1 | Export-OrsConfig -Path (Join-Path `$work 'export') | Out-Null
Get-OrsApplication ORS_DC1_1 | Set-OrsOption -Section orchestration -Name mcr-pull-limit -Value 7 -Force
`$before = (Get-ChildItem -Recurse -File `$work | Where-Object FullName -notmatch 'lab.json|\.lock' | Get-FileHash | ForEach-Object Hash) -join ''
try {
    $($cases[$Case]) -ErrorAction $ErrorAction -ErrorVariable err
    "returned"
} catch { "threw:" + `$_.FullyQualifiedErrorId }
"errors:" + ((`$err | ForEach-Object FullyQualifiedErrorId) -join ';')
"message:" + ((`$err | Select-Object -First 1).Exception.Message)
`$after = (Get-ChildItem -Recurse -File `$work | Where-Object FullName -notmatch 'lab.json|\.lock' | Get-FileHash | ForEach-Object Hash) -join ''
"unchanged:" + (`$before -eq `$after)
"@
    }
}

Describe 'High-impact cmdlets where no one can confirm' {
    It '<Case> in pwsh -NonInteractive without -Force: ConfirmationRequired naming -Force, nothing changed' -ForEach @(
        @{ Case = 'Remove-OrsOption' }, @{ Case = 'Remove-OrsObsoleteOption' }, @{ Case = 'Restore-OrsConfig' },
        @{ Case = 'Remove-OrsLab' }, @{ Case = 'Invoke-OrsRollingUpgrade' }
    ) {
        $out = Invoke-ChildPwsh -Command (Get-CaseScript $Case 'SilentlyContinue') 2>&1 | ForEach-Object { "$_" }
        $out | Should -Contain 'returned'
        ($out | Where-Object { $_ -like 'errors:*' }) | Should -BeLike 'errors:OrsMigration.ConfirmationRequired,*'
        ($out | Where-Object { $_ -like 'message:*' }) | Should -BeLike '*cannot ask for*-Force*'
        $out | Should -Contain 'unchanged:True'
    }

    It '-ErrorAction Stop makes it terminating, with the same id' {
        $out = Invoke-ChildPwsh -Command (Get-CaseScript 'Remove-OrsOption' 'Stop') 2>&1 | ForEach-Object { "$_" }
        $out | Should -Contain 'threw:OrsMigration.ConfirmationRequired,OrsMigration.Commands.RemoveOrsOptionCommand'
        $out | Should -Contain 'unchanged:True'
    }

    It 'a runspace without a UI gets the same error' {
        $store = New-TestStore
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($Manifest, $Store)
            Import-Module $Manifest
            Connect-OrsConfigServer -Path $Store | Out-Null
            Get-OrsApplication ORS_DC1_1 | Remove-OrsOption -Section orchestration -Name mcr-pull-by-msn-only
        }).AddArgument($ModuleManifest).AddArgument($store)
        $null = $ps.Invoke()
        $ps.Streams.Error[0].FullyQualifiedErrorId | Should -BeLike 'OrsMigration.ConfirmationRequired,*'
        $ps.Dispose()
        Connect-OrsConfigServer -Path $store | Out-Null
        @(Get-OrsApplication ORS_DC1_1 | Get-OrsOption -Section orchestration -Name mcr-pull-by-msn-only) | Should -HaveCount 1
    }
}
