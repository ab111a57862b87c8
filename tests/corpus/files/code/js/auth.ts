const tokenStorageKey = 'app.auth.accessToken';
const passwordInputId = 'login-password-input';
export function getToken(): string | null {
  return localStorage.getItem(tokenStorageKey);
}
