import type { Role } from '../store/store';

/**
 * Who may do what. Admins may do everything; editors draw and publish flows and read their stats;
 * analysts read flows and stats; agents work conversations and read contacts.
 */
export const ACCESS = {
  anyUser: ['admin', 'editor', 'analyst', 'agent'],
  flowsRead: ['admin', 'editor', 'analyst'],
  flowsWrite: ['admin', 'editor'],
  statsRead: ['admin', 'editor', 'analyst'],
  conversations: ['admin', 'agent'],
  contactsRead: ['admin', 'agent'],
  users: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
