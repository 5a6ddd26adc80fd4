# Builds FollowUp for Windows (NOT RUN HERE: written and reviewed on Linux, see
# packaging/README.md). On Windows 10/11 x64 with Python 3.11 (python.org, 64-bit) and
# Inno Setup 6 (iscc.exe on PATH), from the checkout:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Signing (optional): set FOLLOWUP_SIGN_CERT_SHA1 to the thumbprint of an Authenticode
# certificate in the current user's store (an EV/OV code-signing certificate, or a cloud
# HSM's signtool integration), FOLLOWUP_TIMESTAMP_URL to its CA's RFC 3161 time-stamp
# server, and have signtool.exe (Windows SDK) on PATH.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root

$Venv = "$Root\.venv-windows"
if (-not (Test-Path "$Venv\Scripts\python.exe")) { py -3.11 -m venv $Venv }
$Py = "$Venv\Scripts\python.exe"
& $Py -m pip install --quiet --upgrade pip
& $Py -m pip install --quiet -e ".[package]"
$Version = & $Py -c "import followup_desktop; print(followup_desktop.__version__)"
if (-not (Select-String -Quiet -SimpleMatch "`"ProductVersion`", `"$Version`"" packaging\windows\version-info.txt)) {
    throw "packaging\windows\version-info.txt does not say version $Version"
}

& $Py -m PyInstaller --noconfirm --workpath build\windows --distpath dist\windows packaging\windows\followup.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

# Smoke check before packing: the console program answers.
$Said = & dist\windows\FollowUp\followup-cli.exe --version
if ($Said -ne "followup $Version") { throw "followup-cli.exe --version said: $Said" }

$Sign = @()
if ($env:FOLLOWUP_SIGN_CERT_SHA1) {
    if (-not $env:FOLLOWUP_TIMESTAMP_URL) { throw "set FOLLOWUP_TIMESTAMP_URL too: unstamped signatures expire with the certificate" }
    $SignCmd = "signtool sign /fd SHA256 /td SHA256 /tr $env:FOLLOWUP_TIMESTAMP_URL /sha1 $env:FOLLOWUP_SIGN_CERT_SHA1"
    & cmd /c "$SignCmd dist\windows\FollowUp\FollowUp.exe dist\windows\FollowUp\followup-cli.exe"
    if ($LASTEXITCODE) { throw "signing the programs failed" }
    $Sign = @("/DSign", "/Ssigntool=$SignCmd `$f")
}
& iscc "/DAppVersion=$Version" @Sign packaging\windows\followup.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }
Write-Host "Built dist\FollowUp-$Version-windows-x64-setup.exe"
