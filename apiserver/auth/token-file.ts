/** @module The `--token-file`: CSV lines `token,user,role` (`#` comments, blank lines ignored), parsed with line numbers. */
import { readFileSync } from 'node:fs'
import { ROLES, type Role } from './authorize.js'

export interface TokenEntry {
  token: string
  user: string
  role: Role
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value)

/** Parses the file's text; throws an Error naming `source`, the line and what is wrong. */
export function parseTokenFile(text: string, source = 'token file'): TokenEntry[] {
  const entries: TokenEntry[] = []
  const seen = new Set<string>()
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const where = `${source} line ${i + 1}`
    const fields = line.split(',').map((f) => f.trim())
    if (fields.length !== 3) throw new Error(`${where}: expected "token,user,role", got ${fields.length} field(s)`)
    const [token = '', user = '', role = ''] = fields
    if (token.length < 8) throw new Error(`${where}: a token is at least 8 characters`)
    if (/\s/.test(token)) throw new Error(`${where}: a token has no whitespace`)
    if (user === '') throw new Error(`${where}: the user is empty`)
    if (!isRole(role)) throw new Error(`${where}: unknown role "${role}" (roles: ${ROLES.join(', ')})`)
    if (seen.has(token)) throw new Error(`${where}: this token is already given to another entry`)
    seen.add(token)
    entries.push({ token, user, role })
  })
  return entries
}

export function readTokenFile(file: string): TokenEntry[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new Error(`cannot read --token-file ${file}: ${(err as Error).message}`)
  }
  return parseTokenFile(text, file)
}
