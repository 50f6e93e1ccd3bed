import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { DEPLOYMENT, JOB } from '../testing/fixtures.js'

let server: FakeApiserver
let dir: string
beforeEach(async () => {
  server = await startFakeApiserver()
  dir = await mkdtemp(join(tmpdir(), 'heliosctl-diff-'))
})
afterEach(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const app = `${JOB}---\n${DEPLOYMENT}`
const JOB_ADDED = `diff -u live/job/nginx:v1 merged/job/nginx:v1
--- live/job/nginx:v1
+++ merged/job/nginx:v1
@@ -0,0 +1,18 @@
+apiVersion: helios/v1
+kind: Job
+metadata:
+  annotations: {}
+  labels: {}
+  name: nginx:v1
+spec:
`

describe('diff', () => {
  test('new objects are all added (exit 1), the Deployment too although its Job is new', async () => {
    const result = await heliosctl(server.url, ['diff', '-f', '-'], { stdin: app })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    expect(result.stdout.startsWith(JOB_ADDED)).toBe(true)
    expect(result.stdout).toContain('diff -u live/deployment/nginx merged/deployment/nginx\n')
    expect(result.stdout).toContain('+  job: nginx:v1\n')
    const body = result.stdout.split('\n').filter((l) => l && !/^(diff|---|\+\+\+|@@)/.test(l))
    expect(body.every((l) => l.startsWith('+'))).toBe(true)
    expect(server.stored('Job', 'nginx:v1')).toBeUndefined()
  })

  test('after apply: no differences, exit 0 and nothing printed', async () => {
    await heliosctl(server.url, ['apply', '-f', '-'], { stdin: app })
    expect(await heliosctl(server.url, ['diff', '-f', '-'], { stdin: app })).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    })
  })

  test('a changed field is one hunk with its context; the Job has no diff', async () => {
    await heliosctl(server.url, ['apply', '-f', '-'], { stdin: app })
    const result = await heliosctl(server.url, ['diff', '-f', '-'], { stdin: app.replace('[web1]', '[web2]') })
    expect(result.code).toBe(1)
    expect(result.stdout).not.toContain('job/nginx:v1')
    expect(result.stdout).toMatch(
      /^diff -u live\/deployment\/nginx merged\/deployment\/nginx\n--- live\/deployment\/nginx\n\+\+\+ merged\/deployment\/nginx\n@@ -\d+,7 \+\d+,7 @@\n/,
    )
    expect(result.stdout).toContain('\n-    - web1\n+    - web2\n')
  })

  test('colours only on a terminal: red -, green +, cyan @@', async () => {
    await heliosctl(server.url, ['apply', '-f', '-'], { stdin: app })
    const changed = app.replace('[web1]', '[web2]')
    const tty = await heliosctl(server.url, ['diff', '-f', '-'], { stdin: changed, stdoutIsTTY: true })
    expect(tty.stdout).toContain('\x1b[31m-    - web1\x1b[39m')
    expect(tty.stdout).toContain('\x1b[32m+    - web2\x1b[39m')
    expect(tty.stdout).toContain('\x1b[36m@@ -')
    expect(tty.stdout).toContain(' @@\x1b[39m\n')
    const noColor = await heliosctl(server.url, ['diff', '-f', '-'], {
      stdin: changed,
      stdoutIsTTY: true,
      env: { NO_COLOR: '1' },
    })
    expect(noColor.stdout).not.toContain('\x1b[')
  })

  test('--set: objects of the set the manifests no longer hold are all removed', async () => {
    const other = (text: string) => text.replaceAll('nginx', 'web')
    await heliosctl(server.url, ['apply', '-f', '-', '--prune', '--set', 'demo'], {
      stdin: `${app}---\n${other(JOB)}---\n${other(DEPLOYMENT)}`,
    })
    const result = await heliosctl(server.url, ['diff', '-f', '-', '--set', 'demo'], { stdin: app })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('diff -u live/deployment/web merged/deployment/web\n')
    expect(result.stdout).toContain('diff -u live/job/web:v1 merged/job/web:v1\n')
    expect(result.stdout).toContain('-    helios/apply-set: demo\n')
    expect(result.stdout).not.toMatch(/^\+(?!\+\+ )/m)
    expect(server.stored('Deployment', 'web')).toBeDefined()
    // Without --set, applying would drop the apply-set label.
    const unset = await heliosctl(server.url, ['diff', '-f', '-'], { stdin: DEPLOYMENT })
    expect(unset).toMatchObject({ code: 1, stdout: expect.stringContaining('\n-    helios/apply-set: demo\n') })
  })

  test('an invalid manifest: one error line naming file, object and field, exit 2, no diff', async () => {
    await writeFile(join(dir, 'a.yaml'), DEPLOYMENT.replace('hosts: [web1]', 'hosts: [web1], replicaCount: 3'))
    const result = await heliosctl(server.url, ['diff', '-f', dir])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(
      /^error: .*a\.yaml: Deployment "nginx" is invalid: spec\.replicaCount: unknown field \(line \d+\)\nhint: fix spec\.replicaCount and re-run\n$/,
    )
    expect(server.requests).toEqual([])
  })

  test('usage and server errors are exit 2 as well', async () => {
    expect((await heliosctl(server.url, ['diff'])).code).toBe(2)
    expect((await heliosctl(server.url, ['diff', '-f', '-', '--set', 'no way'], { stdin: JOB })).code).toBe(2)
    await server.close()
    const down = await heliosctl(server.url, ['diff', '-f', '-'], { stdin: JOB })
    expect(down.code).toBe(2)
    expect(down.stderr).toMatch(/^error: /)
    server = await startFakeApiserver()
  })
})
