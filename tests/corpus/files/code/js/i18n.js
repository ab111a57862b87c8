export const messages = {
  passwordLabel: 'auth.password.label',
  tokenExpired: 'errors.token.expired',
  secretHint: 'settings.secret.hint',
};
