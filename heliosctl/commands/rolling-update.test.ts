import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { ApiError, type Deployment, refusalCause, shortJobId } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { at, deployment, job } from '../testing/fixtures.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
const v2 = job('web:v2')
const v2Short = shortJobId(v2.status?.id ?? '')
const OPTIONS = '(parallelism=1, timeout=300, overlap=false, token=, ignoreFailures=false, migrate=false)'
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(job('web:v1'), v2, withRollout(deployment('web', 'web:v1', ['web1', 'web2']), { state: 'DONE' }))
})
afterEach(() => server.close())

const stored = () => server.stored('Deployment', 'web') as Deployment
/** The controller: after the verb's write, roll web:v2 out one host per poll, then finish as `end`. */
function controller(end: 'DONE' | 'FAILED' | 'never') {
  return stepClock((n) => {
    const d = stored()
    const generation = d.metadata.generation
    if (n === 1) server.seed(withRollout(d, { revision: 2, done: ['web1'], pending: ['web2'] }, { generation }))
    if (n === 2 && end === 'DONE') server.seed(withRollout(d, { revision: 2, state: 'DONE', done: ['web1', 'web2'] }))
    if (n === 2 && end === 'FAILED')
      server.seed(
        withRollout(d, { revision: 2, state: 'FAILED', done: ['web1'], failed: ['web2'], message: 'web2: boom' }),
      )
  })
}

describe('rolling-update', () => {
  test('sets spec.job and a change-cause, prints Helios lines as hosts finish, Done and the duration', async () => {
    const clock = controller('DONE')
    const result = await heliosctl(server.url, ['rolling-update', 'web:v2', 'web'], { clock })
    expect(result).toEqual({
      code: 0,
      stdout:
        `Rolling update started: web -> ${v2Short} ${OPTIONS}\n\n` +
        'web1 -> RUNNING (1/2)\nweb2 -> RUNNING (2/2)\n\nDone.\nDuration: 2.00 s\n',
      stderr: '',
    })
    expect(stored().spec.job).toBe('web:v2')
    expect(stored().metadata.annotations['helios/change-cause']).toBe('rolling-update to web:v2')
  })

  test('flags become spec.rolloutOverrides (spec.rollout is left as declared); a unique prefix names the job', async () => {
    const clock = controller('DONE')
    const argv = ['rolling-update', 'web:v2:', 'web', '-p', '2', '-t', '60', '--overlap', '--auto-revert', '--async']
    const result = await heliosctl(server.url, argv, { clock })
    expect(result.stdout).toBe(
      `Rolling update (async) started: web -> ${v2Short} (parallelism=2, timeout=60, overlap=true, token=, ignoreFailures=false, migrate=false)\n`,
    )
    expect(stored().spec.rolloutOverrides).toEqual({ parallelism: 2, timeout: 60, overlap: true, autoRevert: true })
    expect(stored().spec.rollout).toEqual(deployment('x', 'web:v1', []).spec.rollout)
    expect(clock.sleeps).toBe(0)
    // The next rolling-update stands alone, as each Helios request did: no flags, no overrides.
    server.seed(withRollout(stored(), { state: 'DONE' }), job('web:v3'))
    await heliosctl(server.url, ['rolling-update', 'web:v3', 'web', '--async'])
    expect(stored().spec.rolloutOverrides).toBeUndefined()
  })

  // Issue 14: `{"parallelism": 2, "timeout": 120}` in the Job became parallelism=1, timeout=300.
  describe("precedence: flags, then the Job's rolloutOptions, then the Deployment's spec.rollout, then the defaults", () => {
    const cases: Array<{ name: string; jobOptions?: object; declared?: object; argv?: string[]; expected: string }> = [
      { name: 'defaults', expected: 'parallelism=1, timeout=300, overlap=false' },
      {
        name: "the Job's options",
        jobOptions: { parallelism: 2, timeout: 120 },
        expected: 'parallelism=2, timeout=120, overlap=false',
      },
      {
        name: "the Deployment's",
        declared: { parallelism: 4, overlap: true },
        expected: 'parallelism=4, timeout=300, overlap=true',
      },
      {
        name: "the Job's over the Deployment's, option by option",
        jobOptions: { timeout: 120 },
        declared: { parallelism: 4, timeout: 30 },
        expected: 'parallelism=4, timeout=120, overlap=false',
      },
      {
        name: "a Job option equal to the default still wins over the Deployment's",
        jobOptions: { parallelism: 1, overlap: false },
        declared: { parallelism: 4, overlap: true },
        expected: 'parallelism=1, timeout=300, overlap=false',
      },
      {
        name: 'flags over everything',
        jobOptions: { parallelism: 2, timeout: 120 },
        declared: { parallelism: 4, timeout: 30 },
        argv: ['-p', '3'],
        expected: 'parallelism=3, timeout=120, overlap=false',
      },
      {
        name: "the user manual's example: --overlap --parallelism=3 over the job's rolloutOptions",
        jobOptions: { parallelism: 2, overlap: false, ignoreFailures: false },
        argv: ['--overlap', '--parallelism=3'],
        expected: 'parallelism=3, timeout=300, overlap=true',
      },
    ]
    for (const c of cases) {
      test(c.name, async () => {
        server.seed(
          job('app:v1', c.jobOptions ? { rolloutOptions: c.jobOptions } : {}),
          deployment('app', 'app:v0', ['web1'], c.declared ? { rollout: c.declared as never } : {}),
        )
        const out = await heliosctl(server.url, ['rolling-update', 'app:v1', 'app', '--async', ...(c.argv ?? [])])
        expect(out.stdout).toContain(`(${c.expected}, token=`)
      })
    }
  })

  test('a failure prints Failed: <error>, exit 1; --json has Helios fields', async () => {
    const text = await heliosctl(server.url, ['rolling-update', 'web:v2', 'web'], { clock: controller('FAILED') })
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/web2 -> FAILED \(2\/2\)\n\nFailed: web2: boom\nDuration: 2\.00 s\n$/)
    server.seed(withRollout(stored(), { state: 'DONE', job: 'web:v1' }), job('web:v3'))
    const json = await heliosctl(server.url, ['--json', 'rolling-update', 'web:v3', 'web'], {
      clock: controller('FAILED'),
    })
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toEqual({
      parallelism: 1,
      timeout: 300,
      overlap: false,
      token: '',
      ignoreFailures: false,
      migrate: false,
      status: 'FAILED',
      error: 'web2: boom',
      duration: 2,
    })
  })

  test('-T minutes: Timed out! (rolling-update still in progress), exit 1', async () => {
    const clock = controller('never')
    const result = await heliosctl(server.url, ['rolling-update', 'web:v2', 'web', '-T', '1'], { clock })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /web1 -> RUNNING \(1\/2\)\n\nTimed out! \(rolling-update still in progress\)\nDuration: 60\.00 s\n$/,
    )
  })

  test('the same job on a FAILED deployment sets the retry annotation and waits for the controller to act on it', async () => {
    server.seed(withRollout(deployment('web', 'web:v2', ['web1']), { state: 'FAILED', message: 'web1: boom' }))
    const retry = at(0)
    const clock = stepClock((n) => {
      if (n === 1) server.seed(withRollout(stored(), { state: 'DONE', done: ['web1'], acknowledged: retry }))
    })
    const result = await heliosctl(server.url, ['rolling-update', 'web:v2', 'web'], { clock })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/web1 -> RUNNING \(1\/1\)\n\nDone\.\n/)
    expect(stored().metadata.annotations).toEqual({ 'helios/rollout-retry': retry })
    expect(clock.sleeps).toBe(1)
  })

  test('goal START on every host, as each Helios rolling update deployed (a host stopped by hand starts again)', async () => {
    server.seed(deployment('web', 'web:v1', ['web1', 'web2'], { goal: 'STOP', hostGoals: { web1: 'START' } }))
    await heliosctl(server.url, ['rolling-update', 'web:v2', 'web', '--async'])
    expect(stored().spec.goal).toBe('START')
    expect(stored().spec.hostGoals).toBeUndefined()
  })

  test("--json: an unknown group or job is Helios' DEPLOYMENT_GROUP_NOT_FOUND / JOB_NOT_FOUND, exit 1", async () => {
    expect(await heliosctl(server.url, ['--json', 'rolling-update', '--async', 'web:v2', 'oops'])).toEqual({
      code: 1,
      stdout: '{"status":"DEPLOYMENT_GROUP_NOT_FOUND"}\n',
      stderr: '',
    })
    expect((await heliosctl(server.url, ['--json', 'rolling-update', 'nope:v1', 'web'])).stdout).toBe(
      '{\n  "status": "JOB_NOT_FOUND"\n}\n',
    )
    expect(server.requests.filter((r) => r.startsWith('PUT'))).toEqual([])
  })

  test("a refusal in Helios' words (JOB_ALREADY_DEPLOYED) is printed once, not retried; nothing stored", async () => {
    server.onRequest = (method) => {
      if (method !== 'PUT') return
      throw new ApiError(
        'Conflict',
        'JOB_ALREADY_DEPLOYED: job web:v2 is already deployed on web1 for deployment "web-v2"',
        {
          causes: [refusalCause({ host: 'web1', status: 'JOB_ALREADY_DEPLOYED', message: 'job web:v2 …' })],
        },
      )
    }
    const result = await heliosctl(server.url, ['rolling-update', 'web:v2', 'web'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'error: JOB_ALREADY_DEPLOYED: job web:v2 is already deployed on web1 for deployment "web-v2"\n' +
        '  → spec.hosts: web1: JOB_ALREADY_DEPLOYED: job web:v2 …\n',
    )
    expect(server.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(1)
    expect(stored().spec.job).toBe('web:v1')
  })

  test('unknown job, unknown deployment: error, nothing written', async () => {
    expect((await heliosctl(server.url, ['rolling-update', 'db:v1', 'web'])).stderr).toBe('error: Unknown job: db:v1\n')
    expect((await heliosctl(server.url, ['rolling-update', 'web:v2', 'nope'])).stderr).toBe(
      'error: deployment "nope" not found\nhint: check the name: heliosctl get deployments lists them\n',
    )
    expect(server.requests.filter((r) => r.startsWith('PUT'))).toEqual([])
  })
})
