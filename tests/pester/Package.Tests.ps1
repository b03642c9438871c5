# Distribution: the package PSResourceGet installs, the manifest's links, online help per cmdlet,
# and the attributes that keep the byte-exact files byte-exact in any checkout.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'ChildPwsh.ps1')
    $script:moduleFolder = Split-Path $ModuleManifest -Parent
}

Describe 'The package' {
    It 'is published to a file repository, saved from it and imported by name' {
        $work = New-TestFolder
        $feed = Join-Path $work 'feed'
        & (Join-Path $RepoRoot 'tools/New-ModulePackage.ps1') -ModulePath $moduleFolder -Destination $feed | Out-Null
        $nupkg = Get-ChildItem $feed -Filter 'OrsMigration.*.nupkg'
        $nupkg | Should -HaveCount 1
        $repo = 'OrsMigrationTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Register-PSResourceRepository -Name $repo -Uri $feed -Trusted
        try {
            $modules = Join-Path $work 'modules'
            New-Item -ItemType Directory $modules | Out-Null
            Save-PSResource -Name OrsMigration -Repository $repo -Path $modules -TrustRepository
            $script = "`$env:PSModulePath = '$modules'; Import-Module OrsMigration -ErrorAction Stop; " +
                "(Get-Module OrsMigration).ModuleBase; @(Get-Command -Module OrsMigration).Count; " +
                "@((Get-Help Get-OrsApplication -Examples).examples.example).Count -gt 0"
            $out = @(Invoke-ChildPwsh -Command $script)
            $out[0] | Should -BeLike "$modules*"
            $out[1] | Should -Be (@(Get-Command -Module OrsMigration).Count)
            $out[2] | Should -Be 'True'
        }
        finally { Unregister-PSResourceRepository -Name $repo }
    }

    It 'has a manifest with project, licence and release-notes links, and the files they name' {
        $data = (Test-ModuleManifest $ModuleManifest).PrivateData.PSData
        $data.ProjectUri | Should -Match '^https://'
        $data.LicenseUri | Should -Be "$($data.ProjectUri)/blob/main/LICENSE"
        $data.ReleaseNotes | Should -Be "$($data.ProjectUri)/blob/main/CHANGELOG.md"
        Get-Content (Join-Path $RepoRoot 'LICENSE') -First 1 | Should -Be 'MIT License'
        (Get-Content (Join-Path $RepoRoot 'CHANGELOG.md') -Raw) | Should -Match '## \d+\.\d+\.\d+'
    }

    It 'gives every cmdlet a HelpUri to its page in the repository, first in its online links' {
        $base = (Test-ModuleManifest $ModuleManifest).PrivateData.PSData.ProjectUri + '/blob/main/docs/'
        foreach ($cmd in Get-Command -Module OrsMigration -CommandType Cmdlet) {
            $cmd.HelpUri | Should -Be "$base$($cmd.Name).md"
            Join-Path $RepoRoot "docs/$($cmd.Name).md" | Should -Exist
            @((Get-Help $cmd.Name).relatedLinks.navigationLink)[0].uri | Should -Be $cmd.HelpUri
        }
    }

    It 'keeps .cfg files, the corpus and the samples out of line-ending conversion' {
        Push-Location $RepoRoot
        try {
            $files = @(git ls-files 'tests/cfg-corpus' 'docs/samples' | Select-Object -First 50) + @(git ls-files '*.cfg')
            $files.Count | Should -BeGreaterThan 10
            foreach ($line in git check-attr text -- @($files)) { $line | Should -BeLike '*: text: unset' }
        }
        finally { Pop-Location }
    }
}
