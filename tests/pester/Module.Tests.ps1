BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:module = Get-Module OrsMigration
    $script:cmdlets = @(Get-Command -Module OrsMigration -CommandType Cmdlet)
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'The assembled module' {
    It 'is imported from out/OrsMigration' {
        $module.ModuleBase | Should -BeLike '*out*OrsMigration'
    }

    It 'lists every cmdlet explicitly in its manifest, no wildcard' {
        $data = Import-PowerShellDataFile (Join-Path $module.ModuleBase "OrsMigration.psd1")
        $data.CmdletsToExport | Should -Not -Contain '*'
        @($data.CmdletsToExport | Sort-Object) | Should -Be @($cmdlets.Name | Sort-Object)
        $data.CompatiblePSEditions | Should -Contain 'Desktop'
        $data.PowerShellVersion | Should -Be '5.1'
    }

    It 'carries the version from Directory.Build.props' {
        [xml] $props = Get-Content (Join-Path $RepoRoot 'Directory.Build.props') -Raw
        $module.Version.ToString(3) | Should -Be ($props.Project.PropertyGroup.OrsModuleVersion | Where-Object { $_ } | Select-Object -First 1)
    }
}

Describe 'Help for <Name>' -ForEach @(Get-Command -Module OrsMigration -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } }) {
    BeforeAll {
        $script:cmd = Get-Command $Name
        $script:help = Get-Help $Name -Full
        $script:page = Join-Path $RepoRoot "docs/$Name.md"
    }

    It 'has a docs page' {
        $page | Should -Exist
    }

    It 'documents exactly the parameters the cmdlet has' {
        $documented = @(Select-String -Path $page -Pattern '^### -(\w+)' | ForEach-Object { $_.Matches[0].Groups[1].Value } | Sort-Object)
        $actual = @($cmd.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)
        $documented | Should -Be $actual
    }

    It 'has a synopsis and at least two examples in Get-Help' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name *"
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        (Get-Help $Name -Examples | Out-String) | Should -Match 'Example 2'
    }

    It 'declares its output type' {
        if ($Name -notlike 'Disconnect-*') { $cmd.OutputType.Count | Should -BeGreaterThan 0 }
    }
}

Describe 'about_OrsMigration' {
    It 'maps the guide to cmdlets and is found by Get-Help' {
        $text = Get-Help about_OrsMigration | Out-String
        $text | Should -Match 'Remove-OrsObsoleteOption'
        $text | Should -Match 'Restore-OrsConfig'
    }
}
