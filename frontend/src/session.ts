/** Who is signed in, as reactive state read from the stored token. */
import { computed, ref } from 'vue';
import { decodeToken, getToken, isExpired, onTokenChange, setToken } from './api';
import { liveSocket } from './socket';

const TOKEN_KEY = 'flashsale.token';
const EMAIL_KEY = 'flashsale.email';

export const token = ref<string | null>(getToken());

onTokenChange((value) => {
  token.value = value;
});

export const claims = computed(() => {
  const decoded = decodeToken(token.value);
  return decoded && !isExpired(decoded) ? decoded : null;
});

const email = ref<string | null>(readEmail());

function readEmail(): string | null {
  try {
    return localStorage.getItem(EMAIL_KEY);
  } catch {
    return null;
  }
}

/** The token carries only the user id; remember the email typed at sign-in to greet the user. */
export function rememberEmail(value: string): void {
  email.value = value;
  try {
    localStorage.setItem(EMAIL_KEY, value);
  } catch {
    // Storage unavailable: the header just shows less.
  }
}

export const displayName = computed(() => (claims.value ? (email.value ?? '') : ''));

export const isSignedIn = computed(() => claims.value !== null);
export const isOperator = computed(() => claims.value?.roles.includes('OPERATOR') ?? false);

/** Keeps the socket in step with the token, and other tabs' sign-in/out with this one. */
export function startSession(): void {
  if (token.value && !claims.value) setToken(null); // expired while away
  let expiry: ReturnType<typeof setTimeout> | null = null;
  const sync = () => {
    if (expiry !== null) clearTimeout(expiry);
    expiry = null;
    const current = claims.value;
    if (current) {
      // Sign out when the token runs out rather than on the next refused call.
      expiry = setTimeout(() => setToken(null), Math.min(current.exp * 1000 - Date.now(), 2 ** 31 - 1));
    }
    if (isSignedIn.value) liveSocket.restart();
    else liveSocket.stop();
  };
  onTokenChange(sync);
  window.addEventListener('storage', (event) => {
    if (event.key === TOKEN_KEY) setToken(event.newValue);
  });
  sync();
}
