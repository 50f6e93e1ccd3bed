// Names that are no object ('', '.', '..', with '/'): every verb refuses them in one line, sending nothing. Before,
// `/hosts/.` reached the list route and verbs took the list for the object ("done", or a TypeError).
import { afterAll, beforeAll, expect, test } from 'vitest'
import { heliosctl } from './testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from './testing/fake-apiserver.js'
import { host } from './testing/fixtures.js'

let server: FakeApiserver
beforeAll(async () => {
  server = await startFakeApiserver()
  server.seed(host('web1'))
})
afterAll(() => server.close())

const RULE = 'names are not empty, ".", ".." or hold "/"'

test.each([
  [['register', '.'], 'host', '.'],
  [['register', '.', 'someid'], 'host', '.'],
  [['register', '..'], 'host', '..'],
  [['deregister', '.'], 'host', '.'],
  [['stop-deployment-group', ''], 'deployment', ''],
  [['stop-deployment-group', '.'], 'deployment', '.'],
  [['watch-deployment-group', '.'], 'deployment', '.'],
  [['get', 'host', '..'], 'host', '..'],
])('%j: one line naming the object, exit 1, nothing sent', async (argv, kind, name) => {
  const before = server.requests.length
  const r = await heliosctl(server.url, argv)
  expect(r.code).toBe(1)
  expect(r.stderr.split('\n')[0]).toBe(`error: ${kind} name "${name}" names no object: ${RULE}`)
  expect(r.stdout).not.toContain('done')
  expect(server.requests.slice(before)).toEqual([])
})
