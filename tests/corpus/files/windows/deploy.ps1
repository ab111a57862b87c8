# Deploys the site to the IIS farm.
$servers = @('web01', 'web02')
Invoke-Sqlcmd -ServerInstance sql01 -Username deploy -Password 'KMv2LVFnneGJr708pJ3b' -Query "EXEC dbo.Migrate"
foreach ($s in $servers) { Restart-WebAppPool -Name Shop }
