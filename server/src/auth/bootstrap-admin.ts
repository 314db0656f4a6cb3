import type { Logger } from 'pino';
import type { AuthService } from './auth-service';

/**
 * At start, with ADMIN_EMAIL/ADMIN_PASSWORD set and no user yet, creates the first admin; with users
 * already there the variables are ignored. The password is never logged.
 */
export async function bootstrapAdmin(auth: AuthService, admin: { email: string; password: string } | null, logger: Logger): Promise<void> {
  if (!admin) return;
  const created = await auth.createFirstAdmin({ email: admin.email, password: admin.password, name: 'Admin' });
  if (created) logger.info({ email: created.email }, 'created the first admin from ADMIN_EMAIL');
}
