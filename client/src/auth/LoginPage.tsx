import { LogIn } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { ApiRequestError } from '../api/api-client';
import { authApi } from '../api/auth-api';
import { PageState } from '../app/PageState';
import { useSessionStore } from './session-store';
import './auth.css';

const selectSession = (state: ReturnType<typeof useSessionStore.getState>) => state.session;
const selectSignedIn = (state: ReturnType<typeof useSessionStore.getState>) => state.signedIn;

/** Where RequireAuth sent the user from; only paths inside the app. */
const fromSchema = z.object({ from: z.string().startsWith('/') });

type LoginErrors = { form?: string; email?: string; password?: string };

export function LoginPage() {
  const session = useSessionStore(selectSession);
  const signedIn = useSessionStore(selectSignedIn);
  const location = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<LoginErrors>({});
  const [busy, setBusy] = useState(false);
  const ids = { email: useId(), password: useId(), emailError: useId(), passwordError: useId() };
  const destination = fromSchema.safeParse(location.state).data?.from ?? '/flows';

  if (session.status === 'loading') return <PageState kind="loading" message="Checking your session…" />;
  if (session.status === 'signed-in') return <Navigate to={destination} replace />;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      signedIn(await authApi.login({ email, password }));
      await navigate(destination, { replace: true });
    } catch (error) {
      setErrors(loginErrors(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="login-title">
        <h1 id="login-title" className="auth-title">
          Sign in to Parley
        </h1>
        {errors.form && (
          <p className="auth-error" role="alert">
            {errors.form}
          </p>
        )}
        <label className="auth-label" htmlFor={ids.email}>
          Email
        </label>
        <input
          id={ids.email}
          className="auth-input"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={errors.email !== undefined}
          aria-describedby={errors.email ? ids.emailError : undefined}
          required
        />
        {errors.email && (
          <p id={ids.emailError} className="auth-field-error">
            {errors.email}
          </p>
        )}
        <label className="auth-label" htmlFor={ids.password}>
          Password
        </label>
        <input
          id={ids.password}
          className="auth-input"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={errors.password !== undefined}
          aria-describedby={errors.password ? ids.passwordError : undefined}
          required
        />
        {errors.password && (
          <p id={ids.passwordError} className="auth-field-error">
            {errors.password}
          </p>
        )}
        <button type="submit" className="app-button app-button-primary auth-submit" disabled={busy}>
          <LogIn size={16} aria-hidden /> {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="auth-hint">
          First run, with no users yet? <a href="/setup">Create the first admin</a> (from the machine Parley runs on).
        </p>
      </form>
    </main>
  );
}

/** The server's answer, put where the user will look: beside the field it names, else above the form. */
function loginErrors(error: unknown): LoginErrors {
  if (!(error instanceof ApiRequestError)) return { form: error instanceof Error ? error.message : String(error) };
  // The throttle's message says how long to wait ("too many failed sign-ins; try again in 840 seconds").
  if (error.status === 429) return { form: `${capitalise(error.message)}.` };
  if (error.code === 'invalid_request') {
    const found: LoginErrors = {};
    for (const detail of error.details) {
      const field = detail.path?.[0];
      if (field === 'email' || field === 'password') found[field] ??= capitalise(detail.message);
    }
    if (found.email || found.password) return found;
  }
  return { form: capitalise(error.message) };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
