<#
.SYNOPSIS
    Builds, tests and demonstrates the OrsMigration module.
.DESCRIPTION
    Build  assembles out/OrsMigration/ (DLLs, manifest with the version from Directory.Build.props,
           format file, MAML help generated from docs/<Cmdlet>.md).
    Test   builds, runs the xunit tests, then Pester 5.7.1 (restored from NuGet) against the
           assembled module in a child pwsh -NonInteractive; writes out/test-results/ and prints
           one closing line "N passed, N failed" over both. Exits non-zero on any failure.
    Demo   builds, then runs the lab migration demo (tools/Demo.ps1).
    Bench  builds, then runs the benchmarks under bench/.
    Package builds, then writes out/packages/OrsMigration.<version>.nupkg, the package that
           Publish-PSResource and Install-PSResource (PSResourceGet) take.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package')]
    [string] $Task = 'Build',
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'OrsMigration'
$results = Join-Path $out 'test-results'

# The child pwsh is the same PowerShell as this one: under `dotnet pwsh` that is dotnet + pwsh.dll.
function Invoke-ChildPwsh {
    $host_ = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([System.IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') {
        & $host_ (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive @args
    } else {
        & $host_ -NoProfile -NonInteractive @args
    }
}

function Invoke-Native([string] $What, [scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Get-BuildProperty([string] $Name) {
    [xml] $props = Get-Content (Join-Path $root 'Directory.Build.props') -Raw
    $props.Project.PropertyGroup.$Name | Where-Object { $_ } | Select-Object -First 1
}

function Get-ModuleVersion { Get-BuildProperty 'OrsModuleVersion' }

function Invoke-Build {
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'src/OrsMigration/OrsMigration.csproj') -c $Configuration --nologo -v quiet }
    $bin = Join-Path $root "src/OrsMigration/bin/$Configuration/netstandard2.0"
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    New-Item -ItemType Directory -Path (Join-Path $moduleOut 'en-US') -Force | Out-Null
    foreach ($dll in 'OrsMigration.dll', 'OrsMigration.Core.dll', 'Newtonsoft.Json.dll') {
        Copy-Item (Join-Path $bin $dll) $moduleOut
    }
    Copy-Item (Join-Path $root 'src/OrsMigration/OrsMigration.Format.ps1xml') $moduleOut
    $version = Get-ModuleVersion
    (Get-Content (Join-Path $root 'OrsMigration.psd1') -Raw).Replace('{{ModuleVersion}}', $version).
        Replace('{{ProjectUri}}', (Get-BuildProperty 'OrsProjectUri')) |
        Set-Content (Join-Path $moduleOut 'OrsMigration.psd1') -Encoding utf8
    # The samples ship with the module: New-OrsLab builds labs from them.
    Copy-Item (Join-Path $root 'docs/samples') (Join-Path $moduleOut 'samples') -Recurse
    Get-ChildItem (Join-Path $root 'docs') -Filter 'about_*.help.txt' -ErrorAction SilentlyContinue |
        Copy-Item -Destination (Join-Path $moduleOut 'en-US')
    # Help is generated in a child process so the build never holds the module DLL loaded.
    Invoke-Native 'help generation' {
        Invoke-ChildPwsh -File (Join-Path $root 'tools/New-MamlHelp.ps1') `
            -ModulePath (Join-Path $moduleOut 'OrsMigration.psd1') -DocsPath (Join-Path $root 'docs') `
            -OutFile (Join-Path $moduleOut 'en-US/OrsMigration.dll-Help.xml')
    }
    Write-Host "Built OrsMigration $version -> $moduleOut"
}

function Get-NuGetPackagesFolder {
    ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
}

function Get-PesterManifest {
    Invoke-Native 'Pester restore' { dotnet restore (Join-Path $root 'tools/restore.csproj') --nologo -v quiet }
    $manifest = Join-Path (Get-NuGetPackagesFolder) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester 5.7.1 was restored but '$manifest' is missing." }
    $manifest
}

function Invoke-XunitTests {
    $trx = Join-Path $results 'xunit.trx'
    if (Test-Path $trx) { Remove-Item $trx }
    dotnet test (Join-Path $root 'tests/OrsMigration.Core.Tests/OrsMigration.Core.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=xunit.trx" --logger 'console;verbosity=minimal' --results-directory $results | Out-Host
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    [xml] $doc = Get-Content $trx -Raw
    $c = $doc.TestRun.ResultSummary.Counters
    ConvertTo-JUnitFromTrx $doc (Join-Path $results 'xunit.junit.xml')
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted }
}

function ConvertTo-JUnitFromTrx([xml] $Trx, [string] $Path) {
    $ns = @{ t = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010' }
    $results = Select-Xml -Xml $Trx -XPath '//t:UnitTestResult' -Namespace $ns | ForEach-Object Node
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true }
    $w = [System.Xml.XmlWriter]::Create($Path, $settings)
    $w.WriteStartElement('testsuites')
    $w.WriteStartElement('testsuite')
    $w.WriteAttributeString('name', 'OrsMigration.Core.Tests')
    $w.WriteAttributeString('tests', [string]@($results).Count)
    $w.WriteAttributeString('failures', [string]@($results | Where-Object outcome -ne 'Passed').Count)
    foreach ($r in $results) {
        $w.WriteStartElement('testcase')
        $w.WriteAttributeString('name', $r.testName)
        $w.WriteAttributeString('time', [string]([timespan]$r.duration).TotalSeconds)
        if ($r.outcome -ne 'Passed') {
            $w.WriteStartElement('failure')
            $w.WriteAttributeString('message', [string]$r.outcome)
            $msg = Select-Xml -Xml $r -XPath './/t:Message' -Namespace $ns | Select-Object -First 1
            if ($msg) { $w.WriteString($msg.Node.InnerText) }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement(); $w.WriteEndElement(); $w.Dispose()
}

# The same engine suite built for .NET Framework 4.7.2 and run on Mono with xunit's console runner:
# the nearest this machine has to Windows PowerShell 5.1's runtime.
function Invoke-MonoXunitTests {
    $project = Join-Path $root 'tests/OrsMigration.Core.Tests.Net472/OrsMigration.Core.Tests.Net472.csproj'
    Invoke-Native 'net472 test build' { dotnet build $project -c $Configuration --nologo -v quiet | Out-Host }
    $runner = Join-Path (Get-NuGetPackagesFolder) 'xunit.runner.console/2.4.1/tools/net472/xunit.console.exe'
    $out = Join-Path $root "tests/OrsMigration.Core.Tests.Net472/bin/$Configuration/net472"
    $xml = Join-Path $results 'xunit-mono.xml'
    if (Test-Path $xml) { Remove-Item $xml }
    Push-Location $out
    try { & mono $runner (Join-Path $out 'OrsMigration.Core.Tests.dll') -noshadow -parallel none -nologo -xml $xml | Out-Host }
    finally { Pop-Location }
    if (-not (Test-Path $xml)) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    $assembly = ([xml](Get-Content $xml -Raw)).assemblies.assembly
    # Attributes read by name: the element also has an <errors> child, which the XML adapter would mix in.
    [pscustomobject]@{ Passed = [int]$assembly.GetAttribute('passed')
        Failed = [int]$assembly.GetAttribute('failed') + [int]$assembly.GetAttribute('errors') }
}

function Invoke-PesterTests {
    $pester = Get-PesterManifest
    $summary = Join-Path $results 'pester-summary.json'
    if (Test-Path $summary) { Remove-Item $summary }
    Invoke-ChildPwsh -File (Join-Path $root 'tests/pester/Invoke-PesterSuite.ps1') `
        -PesterManifest $pester -ModuleManifest (Join-Path $moduleOut 'OrsMigration.psd1') -ResultPath $results | Out-Host
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    Get-Content $summary -Raw | ConvertFrom-Json
}

# The CQL tests run against a server built on Debian's python3-cassandra (the DataStax Python
# driver's codec); install it when this is a Debian machine we may install on.
function Assert-TestPrerequisites {
    & /usr/bin/python3 -c 'import cassandra, thrift, thriftpy, ply' 2>$null
    if ($LASTEXITCODE -eq 0 -and (Get-Command thrift -ErrorAction SilentlyContinue) -and (Test-Path /usr/sbin/sshd) -and
        (Get-Command ssh -ErrorAction SilentlyContinue) -and (Get-Command mono -ErrorAction SilentlyContinue)) { return }
    $apt = Get-Command apt-get -ErrorAction SilentlyContinue
    if ($apt -and (& id -u) -eq '0') {
        Write-Host 'Installing the test servers'' Debian packages (python3-cassandra, thrift-compiler, python3-thrift, ...)...'
        $env:DEBIAN_FRONTEND = 'noninteractive'
        Invoke-Native 'apt-get update' { apt-get update -qq }
        Invoke-Native 'apt-get install' {
            apt-get install -y -qq python3-cassandra openssl thrift-compiler python3-thrift python3-thriftpy python3-ply `
                openssh-server openssh-client mono-complete
        }
        return
    }
    throw ('The tests need Debian''s python3-cassandra, thrift-compiler, python3-thrift, python3-thriftpy, python3-ply, ' +
        'openssh-server and mono-complete (sudo apt-get install -y python3-cassandra thrift-compiler python3-thrift ' +
        'python3-thriftpy python3-ply openssh-server mono-complete).')
}

function Invoke-GaxStandInBuild {
    Invoke-Native 'GAX stand-in build' { dotnet build (Join-Path $root 'tests/GaxStandIn/GaxStandIn.csproj') -c Release --nologo -v quiet }
}

function Invoke-Test {
    if ($PSVersionTable.PSEdition -eq 'Core' -and $IsLinux) { Assert-TestPrerequisites }
    Invoke-Build
    # The GAX stand-in (a test fixture) serves the configuration suites' second run.
    Invoke-GaxStandInBuild
    New-Item -ItemType Directory -Path $results -Force | Out-Null
    # Cassandra's Thrift interface (from npm helenus) and the code generated from it, under out/thrift.
    Invoke-Native 'Thrift test files' { Invoke-ChildPwsh -File (Join-Path $root 'tests/thrift/Prepare-Thrift.ps1') | Out-Host }
    $xunit = Invoke-XunitTests
    $mono = Invoke-MonoXunitTests
    $pester = Invoke-PesterTests
    Write-Host ("xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; xunit on Mono (net472): $($mono.Passed) passed, " +
        "$($mono.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed")
    $passed = $xunit.Passed + $mono.Passed + $pester.Passed
    $failed = $xunit.Failed + $mono.Failed + $pester.Failed
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' {
        Invoke-Build
        Invoke-Native 'packaging' {
            Invoke-ChildPwsh -File (Join-Path $root 'tools/New-ModulePackage.ps1') -ModulePath $moduleOut `
                -Destination (Join-Path $out 'packages')
        }
    }
    'Demo' {
        Invoke-Build
        Invoke-Native 'demo' { Invoke-ChildPwsh -File (Join-Path $root 'tools/Demo.ps1') -ModuleManifest (Join-Path $moduleOut 'OrsMigration.psd1') }
    }
    'Bench' {
        Invoke-Build
        Invoke-GaxStandInBuild
        foreach ($bench in Get-ChildItem (Join-Path $root 'bench') -Filter '*.Bench.ps1') {
            Invoke-Native $bench.Name { Invoke-ChildPwsh -File $bench.FullName -ModuleManifest (Join-Path $moduleOut 'OrsMigration.psd1') }
        }
        # The CQL count benchmark needs the CQL test server, hence python3-cassandra.
        if ($PSVersionTable.PSEdition -eq 'Core' -and $IsLinux) { Assert-TestPrerequisites }
        Invoke-Native 'CqlBench' { dotnet run --project (Join-Path $root 'bench/CqlBench/CqlBench.csproj') -c Release -- --sessions 1000000 --repeat 5 }
        # The Thrift count benchmark needs the stand-in's generated code and thriftpy.
        Invoke-Native 'Thrift test files' { Invoke-ChildPwsh -File (Join-Path $root 'tests/thrift/Prepare-Thrift.ps1') | Out-Host }
        Invoke-Native 'ThriftBench' { dotnet run --project (Join-Path $root 'bench/ThriftBench/ThriftBench.csproj') -c Release -- --sessions 1000000 --repeat 5 }
    }
}
