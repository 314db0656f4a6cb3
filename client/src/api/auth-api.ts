// Typed calls for /api/auth: who is signed in, sign in (sets the httpOnly session cookie), sign out.
import { userViewSchema, type LoginBody } from '@parley/shared';
import { z } from 'zod';
import { apiRequest } from './api-client';

export const authApi = {
  me: () => apiRequest('GET', '/api/auth/me', userViewSchema),
  login: (body: LoginBody) => apiRequest('POST', '/api/auth/login', userViewSchema, body),
  logout: () => apiRequest('POST', '/api/auth/logout', z.null()),
};
