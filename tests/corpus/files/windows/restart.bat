@echo off
PsExec.exe \\web01 -u CORP\deploy -p JQBWt0ZdfCQqBTk6 iisreset
PsExec.exe \\web02 -u CORP\deploy -p %DEPLOY_PASSWORD% iisreset
