import { describe, expect, test } from 'vitest'
import { Authenticator } from './authenticator.js'
import { parseTokenFile } from './token-file.js'

const FILE = `# token,user,role
s3cret-admin-token,alice,admin

  s3cret-viewer-token , bob , viewer
agent-web1-token,web1,agent
`

describe('token file', () => {
  test('CSV token,user,role; comments, blank lines and spaces around fields ignored', () => {
    expect(parseTokenFile(FILE)).toEqual([
      { token: 's3cret-admin-token', user: 'alice', role: 'admin' },
      { token: 's3cret-viewer-token', user: 'bob', role: 'viewer' },
      { token: 'agent-web1-token', user: 'web1', role: 'agent' },
    ])
  })

  test.each([
    ['only-two,fields', 'tokens.csv line 1: expected "token,user,role", got 2 field(s)'],
    ['short,u,admin', 'tokens.csv line 1: a token is at least 8 characters'],
    ['long-enough,,admin', 'tokens.csv line 1: the user is empty'],
    ['long-enough,u,root', 'tokens.csv line 1: unknown role "root" (roles: admin, deployer, viewer, agent)'],
    ['long-enough,u,admin\nlong-enough,v,viewer', 'tokens.csv line 2: this token is already given to another entry'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseTokenFile(text, 'tokens.csv')).toThrow(message)
  })

  test('the authenticator knows a user by "Bearer <token>" only', () => {
    const auth = new Authenticator(parseTokenFile(FILE))
    expect(auth.authenticate('Bearer s3cret-viewer-token')).toEqual({ name: 'bob', role: 'viewer' })
    expect(auth.authenticate('bearer  agent-web1-token')).toEqual({ name: 'web1', role: 'agent' })
    expect(auth.authenticate(undefined)).toBeUndefined()
    expect(auth.authenticate('s3cret-viewer-token')).toBeUndefined()
    expect(auth.authenticate('Bearer nope-nope-nope')).toBeUndefined()
    auth.add({ token: 'in-memory-token', user: 'controllers', role: 'admin' })
    expect(auth.authenticate('Bearer in-memory-token')).toEqual({ name: 'controllers', role: 'admin' })
  })
})
