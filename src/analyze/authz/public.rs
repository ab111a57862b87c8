//! Views that are public on purpose: signing up, logging in, resetting a
//! password, contact and feedback forms, token and OAuth endpoints,
//! health checks, and webhooks that verify who sent them. Known by name
//! (a webhook also by its signature check).

/// Name parts of public flows, compared without underscores.
const PUBLIC: &[&str] = &[
    "signup",
    "register",
    "registration",
    "login",
    "logout",
    "signin",
    "signout",
    "password",
    "forgot",
    "contact",
    "feedback",
    "token",
    "oauth",
    "openid",
    "saml",
    "sso",
    "activat",
    "confirm",
    "verif",
    "unsubscribe",
    "subscribe",
    "newsletter",
    "health",
    "ping",
    "captcha",
];

/// Names that say another server calls the view.
const CALLBACKS: &[&str] = &["webhook", "hook", "callback", "notify", "ipn"];
/// Code that checks the caller's signature.
const SIGNATURE_CHECKS: &[&str] = &["signature", "hmac", "compare_digest", "construct_event", "verify"];

/// Whether a view named `name`, with body `code`, is public on purpose.
pub(crate) fn on_purpose(name: &str, code: &str) -> bool {
    let name = name.to_ascii_lowercase().replace('_', "");
    PUBLIC.iter().any(|word| name.contains(word))
        || (CALLBACKS.iter().any(|word| name.contains(word))
            && SIGNATURE_CHECKS
                .iter()
                .any(|check| code.to_ascii_lowercase().contains(check)))
}

#[cfg(test)]
mod tests {
    use super::on_purpose;

    #[test]
    fn public_flows_are_known_by_name() {
        for name in [
            "signup",
            "SignUpView",
            "register_user",
            "RegistrationAPIView",
            "LoginView",
            "password_reset",
            "PasswordResetConfirmView",
            "contact_form",
            "ObtainAuthToken",
            "HealthCheck",
        ] {
            assert!(on_purpose(name, ""), "{name}");
        }
    }

    #[test]
    fn webhooks_are_public_only_with_a_signature_check() {
        let signed = "sig = request.headers['X-Hub-Signature-256']\nhmac.compare_digest(a, b)";
        assert!(on_purpose("github_webhook", signed));
        assert!(!on_purpose("github_webhook", "handle(json.loads(request.body))"));
        assert!(!on_purpose("OrderViewSet", signed));
    }
}
