<#
.SYNOPSIS
    Generates MAML help (OrsMigration.dll-Help.xml) from docs/<Cmdlet>.md, since platyPS is not
    available. Syntax, types, positions and pipeline input come from the compiled cmdlets; the
    words (synopsis, description, parameter text, examples, notes) come from the Markdown.
.DESCRIPTION
    Page layout (platyPS-like): '# Name', then '## SYNOPSIS', '## DESCRIPTION', '## EXAMPLES'
    with '### Example N: title', a fenced code block and remarks, '## PARAMETERS' with
    '### -Name' blocks, '## INPUTS', '## OUTPUTS', '## NOTES', '## RELATED LINKS'.
    A cmdlet without a page, or a page that misses a parameter, fails the build.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

function Split-Sections([string[]] $Lines, [string] $Prefix) {
    $sections = [ordered]@{}
    $name = $null
    foreach ($line in $Lines) {
        if ($line -match "^$Prefix (.+)$") { $name = $Matches[1].Trim(); $sections[$name] = [System.Collections.Generic.List[string]]::new(); continue }
        if ($null -ne $name) { $sections[$name].Add($line) }
    }
    $sections
}

function Get-Paragraphs([System.Collections.Generic.List[string]] $Lines) {
    if (-not $Lines) { return @() }
    $text = ($Lines -join "`n").Trim()
    if (-not $text) { return @() }
    @($text -split "\n\s*\n" | ForEach-Object { ($_ -replace '\s*\n\s*', ' ').Trim() } | Where-Object { $_ })
}

function Read-Page([string] $Path) {
    # HTML comments (the example markers of tests/pester/DocExamples.ps1) are for the tests, not the reader.
    $lines = Get-Content $Path | Where-Object { $_ -notmatch '^\s*<!--.*-->\s*$' }
    $top = Split-Sections $lines '##'
    $page = @{ Synopsis = ''; Description = @(); Examples = @(); Parameters = @{}; Inputs = @(); Outputs = @(); Notes = @(); Links = @() }
    if ($top.Contains('SYNOPSIS')) { $page.Synopsis = (Get-Paragraphs $top['SYNOPSIS']) -join ' ' }
    if ($top.Contains('DESCRIPTION')) { $page.Description = Get-Paragraphs $top['DESCRIPTION'] }
    if ($top.Contains('EXAMPLES')) { $page.Examples = @(Read-Examples $top['EXAMPLES']) }
    if ($top.Contains('PARAMETERS')) {
        $params = Split-Sections $top['PARAMETERS'] '###'
        foreach ($k in $params.Keys) { $page.Parameters[$k.TrimStart('-')] = Get-Paragraphs $params[$k] }
    }
    foreach ($part in 'INPUTS', 'OUTPUTS') {
        if ($top.Contains($part)) {
            $types = Split-Sections $top[$part] '###'
            $page[$part.Substring(0, 1) + $part.Substring(1).ToLower()] = @($types.Keys | ForEach-Object { @{ Type = $_; Text = Get-Paragraphs $types[$_] } })
        }
    }
    if ($top.Contains('NOTES')) { $page.Notes = Get-Paragraphs $top['NOTES'] }
    if ($top.Contains('RELATED LINKS')) { $page.Links = @($top['RELATED LINKS'] | Where-Object { $_ -match '\S' } | ForEach-Object { ($_ -replace '^\s*[-*]\s*', '' -replace '\[([^\]]+)\]\([^)]*\)', '$1').Trim() }) }
    $page
}

function Read-Examples([System.Collections.Generic.List[string]] $Lines) {
    $examples = Split-Sections $Lines '###'
    foreach ($title in $examples.Keys) {
        $code = [System.Collections.Generic.List[string]]::new()
        $remarks = [System.Collections.Generic.List[string]]::new()
        $inCode = $false; $seenCode = $false
        foreach ($line in $examples[$title]) {
            if ($line -match '^```') { $inCode = -not $inCode; $seenCode = $true; continue }
            if ($inCode) { $code.Add($line) } elseif ($seenCode) { $remarks.Add($line) }
        }
        @{ Title = $title; Code = ($code -join "`n"); Remarks = Get-Paragraphs $remarks }
    }
}

function Write-Paras($w, [string[]] $Paragraphs) {
    $w.WriteStartElement('maml', 'description', $maml)
    foreach ($p in @($Paragraphs)) { $w.WriteElementString('maml', 'para', $maml, $p) }
    $w.WriteEndElement()
}

function Write-Parameter($w, $Param, [string] $Set, [string[]] $Text) {
    $attr = $Param.ParameterSets[$Set]
    if (-not $attr) { $attr = $Param.ParameterSets['__AllParameterSets'] }
    $pipeline = @(); if ($attr.ValueFromPipeline) { $pipeline += 'ByValue' }; if ($attr.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $isSwitch = $Param.ParameterType -eq [switch]
    $w.WriteStartElement('command', 'parameter', $command)
    $w.WriteAttributeString('required', ([string]$attr.IsMandatory).ToLower())
    $w.WriteAttributeString('variableLength', 'true')
    $w.WriteAttributeString('globbing', ([string]($Param.Attributes.TypeId.Name -contains 'SupportsWildcardsAttribute')).ToLower())
    $w.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $w.WriteAttributeString('position', $(if ($attr.Position -ge 0) { [string]$attr.Position } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($Param.Aliases.Count) { $Param.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $maml, $Param.Name)
    Write-Paras $w $Text
    $w.WriteStartElement('command', 'parameterValue', $command)
    $w.WriteAttributeString('required', ([string](-not $isSwitch)).ToLower())
    $w.WriteAttributeString('variableLength', 'false')
    $w.WriteString($Param.ParameterType.Name)
    $w.WriteEndElement()
    $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $Param.ParameterType.FullName); $w.WriteEndElement()
    $w.WriteEndElement()
}

function Write-TypeList($w, [string] $List, [string] $Item, $Types) {
    $w.WriteStartElement('command', $List, $command)
    foreach ($t in @($Types)) {
        $w.WriteStartElement('command', $Item, $command)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $t.Type); $w.WriteEndElement()
        Write-Paras $w $t.Text
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
}

function Write-Command($w, $Cmd, $Page) {
    $problems = @()
    $own = @($Cmd.Parameters.Values | Where-Object { $common -notcontains $_.Name })
    foreach ($p in $own) { if (-not $Page.Parameters.ContainsKey($p.Name)) { $problems += "parameter -$($p.Name) is not described" } }
    foreach ($k in $Page.Parameters.Keys) { if (-not $Cmd.Parameters.ContainsKey($k)) { $problems += "describes -$k, which the cmdlet does not have" } }
    if (-not $Page.Synopsis) { $problems += 'has no SYNOPSIS' }
    if (@($Page.Examples).Count -lt 2) { $problems += 'has fewer than two examples' }
    if ($problems) { throw "docs/$($Cmd.Name).md: $($problems -join '; ')." }

    $w.WriteStartElement('command', 'command', $command)
    $w.WriteStartElement('command', 'details', $command)
    $w.WriteElementString('command', 'name', $command, $Cmd.Name)
    $w.WriteElementString('command', 'verb', $command, $Cmd.Verb)
    $w.WriteElementString('command', 'noun', $command, $Cmd.Noun)
    Write-Paras $w @($Page.Synopsis)
    $w.WriteEndElement()
    Write-Paras $w $Page.Description
    $w.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $Cmd.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $command)
        $w.WriteElementString('maml', 'name', $maml, $Cmd.Name)
        foreach ($sp in $set.Parameters | Where-Object { $common -notcontains $_.Name }) {
            Write-Parameter $w $Cmd.Parameters[$sp.Name] $set.Name $Page.Parameters[$sp.Name]
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteStartElement('command', 'parameters', $command)
    foreach ($p in $own) { Write-Parameter $w $p ($p.ParameterSets.Keys | Select-Object -First 1) $Page.Parameters[$p.Name] }
    $w.WriteEndElement()
    Write-TypeList $w 'inputTypes' 'inputType' $Page.Inputs
    Write-TypeList $w 'returnValues' 'returnValue' $Page.Outputs
    $w.WriteStartElement('maml', 'alertSet', $maml)
    $w.WriteStartElement('maml', 'alert', $maml)
    foreach ($n in @($Page.Notes)) { $w.WriteElementString('maml', 'para', $maml, $n) }
    $w.WriteEndElement(); $w.WriteEndElement()
    $w.WriteStartElement('command', 'examples', $command)
    foreach ($ex in $Page.Examples) {
        $w.WriteStartElement('command', 'example', $command)
        $w.WriteElementString('maml', 'title', $maml, "-------------------------- $($ex.Title) --------------------------")
        $w.WriteElementString('dev', 'code', $dev, $ex.Code)
        $w.WriteStartElement('dev', 'remarks', $dev)
        foreach ($r in @($ex.Remarks)) { $w.WriteElementString('maml', 'para', $maml, $r) }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteStartElement('command', 'relatedLinks', $command)
    # The online page first, as Get-Help -Online takes the first link with an address.
    if ($Cmd.HelpUri) {
        $w.WriteStartElement('maml', 'navigationLink', $maml)
        $w.WriteElementString('maml', 'linkText', $maml, 'Online Version:')
        $w.WriteElementString('maml', 'uri', $maml, $Cmd.HelpUri)
        $w.WriteEndElement()
    }
    foreach ($l in @($Page.Links)) {
        $w.WriteStartElement('maml', 'navigationLink', $maml)
        $w.WriteElementString('maml', 'linkText', $maml, $l)
        $w.WriteElementString('maml', 'uri', $maml, '')
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$module = Import-Module $ModulePath -PassThru -Force
$cmdlets = Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$w = [System.Xml.XmlWriter]::Create($OutFile, $settings)
try {
    $w.WriteStartDocument()
    $w.WriteStartElement('helpItems', 'http://msh')
    $w.WriteAttributeString('schema', 'maml')
    $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $w.WriteAttributeString('xmlns', 'command', $null, $command)
    $w.WriteAttributeString('xmlns', 'dev', $null, $dev)
    foreach ($cmd in $cmdlets) {
        $page = Join-Path $DocsPath "$($cmd.Name).md"
        if (-not (Test-Path $page)) { throw "docs/$($cmd.Name).md is missing: every cmdlet needs a help page." }
        Write-Command $w $cmd (Read-Page $page)
    }
    $w.WriteEndElement()
    $w.WriteEndDocument()
}
finally { $w.Dispose() }
Write-Host "Help for $(@($cmdlets).Count) cmdlets -> $OutFile"
