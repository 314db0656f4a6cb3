import { hash, verify } from '@node-rs/argon2';

// argon2id with the package's defaults (memory-hard; the parameters travel inside the hash string,
// so raising them later still verifies old hashes).

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed login, not a crash.
    return false;
  }
}
