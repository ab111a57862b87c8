$secure = ConvertTo-SecureString 'qlCaXRg1oQIwoIN41Q' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential('CORP\svc_shop', $secure)
New-Service -Name ShopWorker -BinaryPathName C:\shop\worker.exe -Credential $cred
