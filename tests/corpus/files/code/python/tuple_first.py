def credentials():
    password, user = "6q9Wk6wLLoGjdID5cJ", "svc_reports"
    return user, password
