import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router';
import { apiError, FakeServer } from '../api/fake-fetch';
import { AppRoutes } from '../app/AppRoutes';
import { fakeSocket } from '../live/fake-socket';
import { useSessionStore } from './session-store';

jest.mock('socket.io-client', () => ({ io: () => fakeSocket }));

const ann = { id: 'u1', email: 'ann@example.com', name: 'Ann Editor', role: 'editor', teams: [], createdAt: 0 };

function CurrentPath() {
  return <output aria-label="Current path">{useLocation().pathname}</output>;
}

function renderApp(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <AppRoutes />
      <CurrentPath />
    </MemoryRouter>,
  );
}
const currentPath = () => screen.getByLabelText('Current path').textContent;

describe('signing in', () => {
  let server: FakeServer;
  beforeEach(() => {
    useSessionStore.setState(useSessionStore.getInitialState(), true);
    server = new FakeServer().on('GET', '/api/auth/me', apiError(401, 'unauthenticated', 'sign in first')).on('GET', '/api/flows', { status: 200, body: [] });
    server.install();
  });

  it('sends a visitor to the login page, shows a wrong password clearly, then signs in and returns to the page asked for', async () => {
    const user = userEvent.setup();
    renderApp('/flows');
    expect(await screen.findByRole('heading', { name: 'Sign in to Parley' })).toBeInTheDocument();
    expect(currentPath()).toBe('/login');
    expect(screen.getByRole('link', { name: 'Create the first admin' })).toHaveAttribute('href', '/setup');

    server.on('POST', '/api/auth/login', apiError(401, 'invalid_credentials', 'wrong email or password'));
    await user.type(screen.getByLabelText('Email'), 'ann@example.com');
    await user.type(screen.getByLabelText('Password'), 'not it');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');
    // Nothing typed is lost.
    expect(screen.getByLabelText('Email')).toHaveValue('ann@example.com');

    server.on('POST', '/api/auth/login', { status: 200, body: ann });
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'No flows yet' })).toBeInTheDocument();
    expect(currentPath()).toBe('/flows');
    expect(screen.getByText('Ann Editor')).toBeInTheDocument();
    expect(server.callsTo('POST', '/api/auth/login').at(-1)?.body).toEqual({ email: 'ann@example.com', password: 'correct horse battery' });
  });

  it('says how long to wait after too many failed sign-ins, and puts a bad email beside its field', async () => {
    const user = userEvent.setup();
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Sign in to Parley' });

    server.on('POST', '/api/auth/login', apiError(400, 'invalid_request', 'body.email: expected an email address', [{ path: ['email'], message: 'expected an email address' }]));
    await user.type(screen.getByLabelText('Email'), 'ann');
    await user.type(screen.getByLabelText('Password'), 'x');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Expected an email address')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Expected an email address');

    server.on('POST', '/api/auth/login', apiError(429, 'too_many_attempts', 'too many failed sign-ins; try again in 840 seconds', { retryAfterSeconds: 840 }));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many failed sign-ins; try again in 840 seconds.');
  });

  it('logs out from the header and lands on the login page', async () => {
    const user = userEvent.setup();
    server.on('GET', '/api/auth/me', { status: 200, body: ann }).on('POST', '/api/auth/logout', { status: 204 });
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'No flows yet' })).toBeInTheDocument();
    expect(currentPath()).toBe('/flows');
    expect(screen.getByText('Ann Editor')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Parley' })).toBeInTheDocument();
    expect(server.callsTo('POST', '/api/auth/logout')).toHaveLength(1);
  });

  it('shows a page that does not exist as not found, once signed in', async () => {
    server.on('GET', '/api/auth/me', { status: 200, body: ann });
    renderApp('/nowhere');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
