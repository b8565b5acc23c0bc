; Inno Setup 6 script of the Sổ Vàng installer for Windows 10 (1809) and 11, x64.
; It packs the one-folder PyInstaller build (dist\sovang, made by installer\sovang.spec) into one
; SoVang-Setup-<version>.exe that a commune officer can run from a USB stick without
; administrator rights. Built by installer\build_windows.ps1:
;   ISCC.exe /DAppVersion=0.1.0 installer\sovang.iss
; Needs Inno Setup 6.3 or later (the x64compatible architecture identifier).
; The officer's data never lives in the installation folder: it is in %LOCALAPPDATA%\SoVang (see
; desktop/paths.py), so an upgrade or an uninstall leaves it alone.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Sổ Vàng"
#define AppExe "sovangw.exe"

[Setup]
; Never change AppId: Windows knows the installed copy by it, and an upgrade replaces it.
AppId={{3F6C2B8E-5D1A-4C7B-9E2F-6A8D4B1C0E57}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Sổ Vàng
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per-user by default (no UAC prompt: commune PCs often give no administrator rights); an
; administrator may still choose an install for all users in the dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\SoVang
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
; Qt 6 runs on Windows 10 1809 (build 17763) or later, 64-bit only.
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; The app holds this named mutex while it runs (desktop/instance.py): Setup and the uninstaller
; ask the officer to close it first, instead of replacing files in use.
AppMutex=SoVangDesktopAppMutex
CloseApplications=yes
OutputDir=..\dist
OutputBaseFilename=SoVang-Setup-{#AppVersion}
SetupIconFile=..\resources\icons\sovang.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ShowLanguageDialog=auto
; Signing: define SignTool on the ISCC command line (/DSignTool=...) where a certificate exists.
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
; Vietnamese first: the wizard speaks it unless Windows runs in another language we have.
Name: "vi"; MessagesFile: "Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
vi.DataKept=Dữ liệu của bạn (cơ sở dữ liệu và các bản sao lưu) nằm trong %1 và không bị xóa khi gỡ cài đặt.
en.DataKept=Your data (the database and its backups) is in %1 and is not removed by uninstalling.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; The previous version's libraries go before the new ones are copied, so no stale file lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\sovang\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// Said once the files are removed: the data folder is outside {app} and stays.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\SoVang')]),
      mbInformation, MB_OK);
end;
