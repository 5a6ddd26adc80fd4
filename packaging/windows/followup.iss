; Inno Setup 6 script for the Windows installer (NOT BUILT HERE, see packaging/README.md).
; packaging\windows\build.ps1 runs it after PyInstaller:
;   iscc /DAppVersion=0.1.0 packaging\windows\followup.iss
; Input: dist\windows\FollowUp\ (PyInstaller's folder). Output:
;   dist\FollowUp-<version>-windows-x64-setup.exe
; A per-user install by default (no administrator rights, like the Linux install.sh):
; %LOCALAPPDATA%\Programs\FollowUp, a Start menu entry, optionally a desktop icon.
; Uninstalling never touches the rep's data (%LOCALAPPDATA%\FollowUp).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z followup.iss
#endif

[Setup]
; Never change AppId: it is how a newer installer finds and replaces the installed one.
AppId={{B500192C-61F8-5E91-98CC-3F3D51D560CB}
AppName=FollowUp
AppVersion={#AppVersion}
AppVerName=FollowUp {#AppVersion}
AppPublisher=FollowUp
DefaultDirName={autopf}\FollowUp
DefaultGroupName=FollowUp
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=FollowUp-{#AppVersion}-windows-x64-setup
UninstallDisplayIcon={app}\FollowUp.exe
UninstallDisplayName=FollowUp
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; FollowUp must not be running while its files are replaced.
CloseApplications=yes
RestartApplications=no
; Signing: build.ps1 defines the "signtool" tool (iscc /S...) when a certificate is
; configured; the installer and its uninstaller are then signed too.
#ifdef Sign
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\windows\FollowUp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A newer version may ship fewer files: clear the old program folder's bundled part first.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
; The AppUserModelID ties the shortcut, the taskbar button and the tray notifications to
; one app (the same reverse-DNS id as the Linux desktop entry).
Name: "{autoprograms}\FollowUp"; Filename: "{app}\FollowUp.exe"; AppUserModelID: "com.followupapp.FollowUp"
Name: "{autodesktop}\FollowUp"; Filename: "{app}\FollowUp.exe"; AppUserModelID: "com.followupapp.FollowUp"; Tasks: desktopicon

[Run]
Filename: "{app}\FollowUp.exe"; Description: "{cm:LaunchProgram,FollowUp}"; Flags: nowait postinstall skipifsilent
