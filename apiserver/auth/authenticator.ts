/** @module Authenticator: bearer token → AuthUser; tokens are kept as SHA-256 digests and looked up by digest. */
import { createHash } from 'node:crypto'
import { bearerToken } from '../../apis/index.js'
import type { AuthUser } from './authorize.js'
import type { TokenEntry } from './token-file.js'

const digest = (token: string): string => createHash('sha256').update(token).digest('hex')

export class Authenticator {
  private readonly users = new Map<string, AuthUser>()

  constructor(entries: readonly TokenEntry[] = []) {
    for (const entry of entries) this.add(entry)
  }

  /** Adds (or replaces) a token, e.g. the in-memory admin token of the in-process controllers. */
  add(entry: TokenEntry): void {
    this.users.set(digest(entry.token), { name: entry.user, role: entry.role })
  }

  /** The user of an `Authorization` header `Bearer <token>`; undefined when absent, malformed or unknown. */
  authenticate(header: string | undefined): AuthUser | undefined {
    const token = bearerToken(header)
    return token ? this.users.get(digest(token)) : undefined
  }
}
