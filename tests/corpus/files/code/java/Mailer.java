package internal.shop;

public class Mailer {
    private static final String SMTP_PASSWORD = "ZUaqaWZrODFfIM8o2NH6";
    private static final String PASSWORD_PATTERN = "^(?=.*[0-9])(?=.*[a-z])(?=.*[A-Z]).{8,}$";
}
