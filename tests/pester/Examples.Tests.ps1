# Every example of docs/<Cmdlet>.md runs as written, on copies of the samples, and shows the
# output its command prints (DocExamples.ps1 says how pages state their set-up and skips).
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'DocExamples.ps1')
    $script:examples = @(Get-DocExample (Join-Path $PSScriptRoot '../../docs') |
        ForEach-Object { @{ Name = $_.Name; Skip = $_.Skip; Example = $_ } })
    $script:readme = @(Get-ReadmeExample (Join-Path $PSScriptRoot '../../README.md') |
        ForEach-Object { @{ Name = $_.Name; Skip = $_.Skip; Example = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'DocExamples.ps1')
}

Describe 'Help examples' {
    It 'every cmdlet page has examples' {
        $examples.Count | Should -BeGreaterThan 90
    }

    It '<Name>' -ForEach @($examples | Where-Object { -not $_.Skip }) {
        $problems = @(Invoke-DocExample $Example $ModuleManifest $Samples)
        $problems -join "`n" | Should -BeNullOrEmpty
    }

    It '<Name> (skipped: <Skip>)' -ForEach @($examples | Where-Object Skip) -Skip {
    }
}

Describe 'The README' {
    It 'has the tour and the demo' {
        $readme.Count | Should -BeGreaterOrEqual 3
    }

    It '<Name> runs as written and shows its real output' -ForEach @($readme | Where-Object { -not $_.Skip }) {
        $problems = @(Invoke-DocExample $Example $ModuleManifest $Samples)
        $problems -join "`n" | Should -BeNullOrEmpty
    }

    It '<Name> (skipped: <Skip>)' -ForEach @($readme | Where-Object Skip) -Skip {
    }
}

