package oauth

const tokenURL = "https://auth.internal/oauth2/token"

var passwordGrant = "password"
var tokenVersion = "v2.14.3"
