import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Deployment } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, job } from '../testing/fixtures.js'
import { revisions, withRollout } from '../testing/rollout-fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(job('web:v1'), job('web:v2'), job('web:v3'))
})
afterEach(() => server.close())

const stored = () => server.stored('Deployment', 'web') as Deployment
const seedWeb = (...jobs: string[]) =>
  server.seed(withRollout(deployment('web', jobs.at(-1) ?? 'web:v1', ['web1']), {}, { revisions: revisions(...jobs) }))

describe('rollout history', () => {
  test('a table, newest last; --revision N in detail; --json', async () => {
    seedWeb('web:v1', 'web:v2')
    expect(await heliosctl(server.url, ['rollout', 'history', 'deployment/web'])).toEqual({
      code: 0,
      stdout:
        'REVISION   JOB      OUTCOME   CHANGE-CAUSE               CREATED\n' +
        '1          web:v1   DONE      <none>                     2024-05-01 12:00:00.000\n' +
        '2          web:v2   <none>    rolling-update to web:v2   2024-05-01 12:01:00.000\n',
      stderr: '',
    })
    const one = await heliosctl(server.url, ['rollout', 'history', 'web', '--revision', '2'])
    expect(one.stdout).toBe(
      'deployment "web" with revision #2 (current)\n' +
        '  Job:           web:v2\n' +
        `  Job id:        web:v2:${'1'.repeat(40)}\n` +
        '  Outcome:       <none>\n' +
        '  Change cause:  rolling-update to web:v2\n' +
        '  Created:       2024-05-01 12:01:00.000\n',
    )
    const json = JSON.parse((await heliosctl(server.url, ['--json', 'rollout', 'history', 'web'])).stdout)
    expect(json.map((r: { job: string }) => r.job)).toEqual(['web:v1', 'web:v2'])
  })

  test('an unknown revision and an unknown deployment fail; no history says so on stderr', async () => {
    seedWeb('web:v1')
    const missing = await heliosctl(server.url, ['rollout', 'history', 'web', '--revision', '7'])
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: revision 7 not found in the history of deployment "web"\n',
    })
    expect((await heliosctl(server.url, ['rollout', 'history', 'nope'])).stderr).toBe(
      'error: deployment "nope" not found\nhint: check the name: heliosctl get deployments lists them\n',
    )
    server.seed(deployment('fresh', 'web:v1', []))
    expect(await heliosctl(server.url, ['rollout', 'history', 'fresh'])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No rollout history found for deployment "fresh".\n',
    })
  })
})

describe('rollout undo', () => {
  test('goes back to the revision before the newest, with a change-cause', async () => {
    seedWeb('web:v1', 'web:v2', 'web:v3')
    expect(await heliosctl(server.url, ['rollout', 'undo', 'deployment/web'])).toEqual({
      code: 0,
      stdout: 'deployment "web" rolled back to revision 2 (web:v2)\n',
      stderr: '',
    })
    expect(stored().spec.job).toBe('web:v2')
    expect(stored().metadata.annotations['helios/change-cause']).toBe('rollback to revision 2 (job web:v2)')
    expect(stored().metadata.generation).toBe(2)
  })

  test('--to-revision N; the running revision is skipped; unknown revision and no previous one fail', async () => {
    seedWeb('web:v1', 'web:v2', 'web:v3')
    const to1 = await heliosctl(server.url, ['rollout', 'undo', 'web', '--to-revision', '1'])
    expect(to1.stdout).toBe('deployment "web" rolled back to revision 1 (web:v1)\n')
    expect(stored().spec.job).toBe('web:v1')
    const same = await heliosctl(server.url, ['rollout', 'undo', 'web', '--to-revision', '1'])
    expect(same.stdout).toBe('deployment "web" skipped rollback (already runs revision 1, web:v1)\n')
    expect((await heliosctl(server.url, ['rollout', 'undo', 'web', '--to-revision', '9'])).stderr).toBe(
      'error: revision 9 not found in the history of deployment "web"\n',
    )
    seedWeb('web:v1')
    expect(await heliosctl(server.url, ['rollout', 'undo', 'web'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: deployment "web" has no previous revision to roll back to\n',
    })
    expect((await heliosctl(server.url, ['rollout', 'undo', 'web', '--to-revision', 'x'])).code).toBe(2)
  })

  test('a concurrent write (409) is read again and retried', async () => {
    seedWeb('web:v1', 'web:v2')
    let raced = false
    server.onRequest = (method) => {
      if (method !== 'PUT' || raced) return
      raced = true
      // Someone else writes between our read and our write: our resourceVersion is stale.
      server.seed({ ...stored(), metadata: { ...stored().metadata, labels: { team: 'a' } } })
    }
    expect((await heliosctl(server.url, ['rollout', 'undo', 'web'])).code).toBe(0)
    expect(server.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(2)
    expect(stored().spec.job).toBe('web:v1')
    expect(stored().metadata.labels).toEqual({ team: 'a' })
  })
})
