# Every example of docs/<Cmdlet>.md, and the README's tour and demo, runs as written on copies of the
# samples and shows the output its commands print (DocExamples.ps1 says how a page states its set-up
# and its skips).
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'DocExamples.ps1')
    $docs = Join-Path $PSScriptRoot '../../docs'
    function ConvertTo-TestCase($Example) { @{ Name = $Example.Name; Skip = $Example.Skip; Example = $Example } }
    $script:sources = @(
        @{ Source = 'Help examples'; Pages = @(Get-ChildItem (Join-Path $docs '*.md')).Count
            Cases = @(Get-DocExample $docs | ForEach-Object { ConvertTo-TestCase $_ }) }
        @{ Source = 'The README'; Pages = 1
            Cases = @(Get-ReadmeExample (Join-Path $PSScriptRoot '../../README.md') | ForEach-Object { ConvertTo-TestCase $_ }) }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'DocExamples.ps1')
}

Describe '<Source>' -ForEach $sources {
    It 'every page has examples' {
        @($Cases.Example.Page | Sort-Object -Unique).Count | Should -Be $Pages
    }

    It '<Name> runs as written and shows its real output' -ForEach @($Cases | Where-Object { -not $_.Skip }) {
        $problems = @(Invoke-DocExample $Example $ModuleManifest $Samples)
        $problems -join "`n" | Should -BeNullOrEmpty
    }

    It '<Name> (skipped: <Skip>)' -ForEach @($Cases | Where-Object Skip) -Skip {
    }
}
