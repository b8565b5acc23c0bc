# Build Sổ Vàng for Windows: freeze with installer\sovang.spec, prove the frozen copy works with its
# own `sovang.exe selftest`, then pack it twice: SoVang-Setup-<version>.exe (Inno Setup) and
# SoVang-Portable-<version>.zip (the same folder with the portable marker, for a USB stick).
#
#   powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1
#
# Needs Python 3.11 (x64) and Inno Setup 6 (ISCC.exe on PATH or in its default folder).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

python -m venv .venv-build
$python = ".venv-build\Scripts\python.exe"
& $python -m pip install --quiet --upgrade pip
& $python -m pip install --quiet . "pyinstaller>=6.10,<7"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
& $python -m desktop.i18n | Out-Null
& $python -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller installer\sovang.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The console program waits and returns its exit code; offscreen, so no window flashes in CI.
$env:QT_QPA_PLATFORM = "offscreen"
& dist\sovang\sovang.exe selftest
if ($LASTEXITCODE -ne 0) { throw "the frozen selftest failed" }
Remove-Item Env:\QT_QPA_PLATFORM

$version = (& $python -c "import desktop; print(desktop.__version__)").Trim()
$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" installer\sovang.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

$portable = "build\portable\SoVang"
if (Test-Path "build\portable") { Remove-Item -Recurse -Force "build\portable" }
New-Item -ItemType Directory -Force $portable | Out-Null
Copy-Item -Recurse "dist\sovang\*" $portable
Set-Content -Encoding UTF8 -Path "$portable\sovang-portable.txt" -Value "Sổ Vàng portable: data is kept in the data folder beside this file."
Compress-Archive -Force -Path $portable -DestinationPath "dist\SoVang-Portable-$version.zip"
Write-Host "Built dist\SoVang-Setup-$version.exe and dist\SoVang-Portable-$version.zip"
