param([string]$Password)
$cred = Get-Credential
Invoke-Sqlcmd -ServerInstance sql01 -Username deploy -Password $Password -Query "SELECT 1"
Connect-Service -Password (Read-Host -AsSecureString)
