# Reads the examples of docs/<Cmdlet>.md and runs them as a reader would type them.
#
# An example is its fenced code block: 'PS> ' starts a command (continued on the following lines
# until it parses as complete), the lines after it are the output it shows. A block without
# 'PS> ' is a script and runs whole. HTML comments, which Markdown and the MAML help both hide,
# carry what the reader is assumed to have done first:
#   <!-- example-setup: code -->      before '## EXAMPLES': run before every example of the page;
#                                      inside an example: run before that example (after the page's)
#   <!-- example-skip: reason -->     the example needs what this machine lacks (a real server...)
#   <!-- example-output-varies: why -->  the shown rows differ each run (run ids, times): only the
#                                      headers of the shown output are compared
Set-StrictMode -Version Latest

# Pages show the folder an example runs in as this one (the harness runs each in a new folder).
$script:ShownFolder = '/home/admin'
$script:MarkerPattern = '^\s*<!--\s*example-(setup|skip|output-varies):\s*(.*?)\s*-->\s*$'

function Get-DocExample([string] $DocsPath) {
    foreach ($file in Get-ChildItem (Join-Path $DocsPath '*.md') | Sort-Object Name) {
        $pageSetup = [System.Collections.Generic.List[string]]::new()
        $current = $null
        $inExamples = $false
        foreach ($line in [System.IO.File]::ReadAllLines($file.FullName)) {
            if ($line -match '^## (.+)$') {
                if ($current) { $current; $current = $null }
                $inExamples = $Matches[1].Trim() -eq 'EXAMPLES'
                continue
            }
            if ($inExamples -and $line -match '^### (.+)$') {
                if ($current) { $current }
                $current = New-DocExample $file.BaseName $Matches[1].Trim() $pageSetup
                continue
            }
            if ($line -match $script:MarkerPattern) {
                $kind = $Matches[1]; $value = $Matches[2]
                if (-not $current) { if ($kind -eq 'setup') { $pageSetup.Add($value) }; continue }
                switch ($kind) {
                    'setup' { $current.Setup.Add($value) }
                    'skip' { $current.Skip = $value }
                    'output-varies' { $current.OutputVaries = $value }
                }
                continue
            }
            if ($current) { Add-DocExampleLine $current $line }
        }
        if ($current) { $current }
    }
}

function New-DocExample([string] $Page, [string] $Title, $PageSetup) {
    $setup = [System.Collections.Generic.List[string]]::new()
    $setup.AddRange([string[]]@($PageSetup))
    [pscustomobject]@{
        Page = $Page; Title = $Title; Setup = $setup; Skip = $null; OutputVaries = $null; ShowsAll = $false
        Lines = [System.Collections.Generic.List[string]]::new(); InCode = $false; Blocks = 0
        Name = "$Page / $Title"
    }
}

function Add-DocExampleLine($Example, [string] $Line) {
    if ($Line -match '^```') {
        $Example.InCode = -not $Example.InCode
        if ($Example.InCode) { $Example.Blocks++ }
        return
    }
    if ($Example.InCode -and $Example.Blocks -eq 1) { $Example.Lines.Add($Line) }
}

# The commands of an example: @{ Text; Shown (output lines) }, or one script when no 'PS> '.
function Split-DocCommand($Example) {
    $lines = $Example.Lines
    if (-not ($lines | Where-Object { $_ -like 'PS> *' -or $_ -eq 'PS>' })) {
        return , @([pscustomobject]@{ Text = ($lines -join "`n"); Shown = @() })
    }
    $commands = [System.Collections.Generic.List[object]]::new()
    $cmd = $null
    foreach ($line in $lines) {
        if ($line -match '^PS>\s?(.*)$') {
            $cmd = [pscustomobject]@{ Text = $Matches[1]; Shown = [System.Collections.Generic.List[string]]::new(); Open = $true }
            $commands.Add($cmd)
            $cmd.Open = -not (Test-CompleteCommand $cmd.Text)
        }
        elseif ($cmd -and $cmd.Open) {
            $cmd.Text += "`n" + $line
            $cmd.Open = -not (Test-CompleteCommand $cmd.Text)
        }
        elseif ($cmd) { $cmd.Shown.Add($line) }
    }
    , @($commands)
}

function Test-CompleteCommand([string] $Text) {
    $tokens = $null; $errors = $null
    [void][System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
    if ($Text -match '`\s*$') { return $false }
    -not ($errors | Where-Object IncompleteInput)
}

# Runs one example in a fresh runspace, in a fresh folder holding copies of both samples
# (./ors-812, ./ors-813); returns the problems found (empty when it ran as written).
function Invoke-DocExample($Example, [string] $ModuleManifest, [string] $SamplesPath) {
    $folder = Join-Path ([System.IO.Path]::GetTempPath()) ("ors-example-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $folder | Out-Null
    foreach ($sample in 'ors-812', 'ors-813') { Copy-Item (Join-Path $SamplesPath $sample) (Join-Path $folder $sample) -Recurse }
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    try {
        $prelude = "Set-StrictMode -Off; Set-Location '$folder'; Import-Module '$ModuleManifest'"
        $problems = @(Invoke-InRunspace $runspace $prelude 'set-up' | Where-Object Problem)
        foreach ($code in $Example.Setup) {
            $problems += @(Invoke-InRunspace $runspace $code 'set-up' | Where-Object Problem)
        }
        if ($problems) { return $problems.Problem }
        foreach ($cmd in (Split-DocCommand $Example)) {
            $result = Invoke-InRunspace $runspace $cmd.Text $cmd.Text
            if ($result.Problem) { return $result.Problem }
            $text = $result.Text.Replace($folder, $script:ShownFolder)
            $shownProblem = Compare-ShownOutput $cmd.Shown $text $cmd.Text ([bool]$Example.OutputVaries) $Example.ShowsAll
            if ($shownProblem) { return $shownProblem }
        }
        @()
    }
    finally {
        $runspace.Dispose()
        Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Invoke-InRunspace($Runspace, [string] $Code, [string] $Label) {
    $ps = [powershell]::Create()
    $ps.Runspace = $Runspace
    try {
        [void]$ps.AddScript($Code).AddCommand('Out-String').AddParameter('Width', 400)
        $text = ($ps.Invoke() -join '')
        $errors = @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
        $problem = if ($errors) { "'$Label' wrote errors: $($errors -join ' | ')" }
        [pscustomobject]@{ Text = $text; Problem = $problem }
    }
    catch { [pscustomobject]@{ Text = ''; Problem = "'$Label' failed: $($_.Exception.Message)" } }
    finally { $ps.Dispose() }
}

# The output an example shows must be what the command prints: the same table headers (or list
# labels) and, unless the example's output varies, each shown table row (spacing aside).
function Compare-ShownOutput([string[]] $Shown, [string] $Actual, [string] $Command, [bool] $Varies, [bool] $ShowsAll) {
    if (-not ($Shown | Where-Object { $_ -match '\S' })) {
        if ($ShowsAll -and $Actual -match '\S') { return "'$Command' prints output that is not shown: $($Actual.Trim())" }
        return $null
    }
    $actualHeaders = @(Get-TableHeader ($Actual -split "`r?`n"))
    $shownArray = [string[]]@($Shown)
    for ($i = 0; $i -lt $shownArray.Count - 1; $i++) {
        if ($shownArray[$i + 1] -notmatch '^\s*-+(\s+-+)*\s*$') { continue }
        $header = ($shownArray[$i].Trim() -split '\s+') -join ' '
        if ($actualHeaders -notcontains $header) {
            return "'$Command' shows the table header '$header'; it prints: $(($actualHeaders | ForEach-Object { "'$_'" }) -join ', ')"
        }
        if ($Varies) { continue }
        $actualRows = @($Actual -split "`r?`n" | ForEach-Object { Get-NormalRow $_ })
        for ($j = $i + 2; $j -lt $shownArray.Count; $j++) {
            if ($shownArray[$j] -notmatch '\S') { break }
            $row = Get-NormalRow $shownArray[$j]
            if ($row -eq '...' -or $row -eq '…') { break }
            if ($actualRows -notcontains $row) { return "'$Command' shows the row '$row', which its output does not have" }
        }
    }
    foreach ($line in $shownArray) {
        if ($line -match '^(\w+)\s+: ' -and $Actual -notmatch "(?m)^$([regex]::Escape($Matches[1]))\s+: ") {
            return "'$Command' shows the label '$($Matches[1])', which its output does not have"
        }
    }
    $null
}

function Get-NormalRow([string] $Line) { ($Line.Trim() -split '\s+') -join ' ' }

function Get-TableHeader([string[]] $Lines) {
    for ($i = 0; $i -lt $Lines.Count - 1; $i++) {
        if ($Lines[$i] -match '\S' -and $Lines[$i + 1] -match '^\s*-+(\s+-+)*\s*$') { ($Lines[$i].Trim() -split '\s+') -join ' ' }
    }
}

# The README's examples: each ```text or ```powershell block with 'PS> ' lines, named by the '## '
# heading above it; markers written just before a block apply to it. A README block shows all the
# output of its commands (a command shown without output must print none).
function Get-ReadmeExample([string] $Path) {
    $heading = ''; $current = $null
    $markers = [System.Collections.Generic.List[object]]::new()
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        if ($current) {
            if ($line -match '^```') { if ($current.Lines -match '^PS> ') { $current }; $current = $null }
            else { $current.Lines.Add($line) }
            continue
        }
        if ($line -match '^## (.+)$') { $heading = $Matches[1].Trim(); continue }
        if ($line -match $script:MarkerPattern) { $markers.Add(@($Matches[1], $Matches[2])); continue }
        if ($line -match '^```(text|powershell)\s*$') {
            $current = New-DocExample 'README' $heading @()
            $current.ShowsAll = $true
            foreach ($m in $markers) {
                switch ($m[0]) {
                    'setup' { $current.Setup.Add($m[1]) }
                    'skip' { $current.Skip = $m[1] }
                    'output-varies' { $current.OutputVaries = $m[1] }
                }
            }
            $markers.Clear()
        }
        elseif ($line -match '\S') { $markers.Clear() }
    }
}
