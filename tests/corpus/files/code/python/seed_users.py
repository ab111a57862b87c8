def seed():
    email, password = "someone@corp.internal", "mypassword"
    create_user(email=email, password=password)
    admin_email, admin_password = "root@corp.internal", get_admin_password()
