import { describe, expect, test } from 'vitest'
import { ApiError } from '../apis/index.js'
import { exitWithError } from './main.js'
import { heliosctl } from './testing/cli.js'
import { startFakeApiserver } from './testing/fake-apiserver.js'
import { UsageError } from './usage-error.js'

function printed(err: unknown, verbose = false): { code: number; text: string } {
  let text = ''
  const code = exitWithError(err, { write: (s: string) => (text += s) }, verbose)
  return { code, text }
}

describe('exitWithError', () => {
  test('Invalid: one error line, then one → line per cause not already in the message', () => {
    const err = new ApiError('Invalid', 'Job "nginx:v1" is invalid: spec.image: image is required (and 1 more)', {
      causes: [
        { field: 'spec.image', message: 'image is required' },
        { field: 'spec.ports.http.externalPort', message: 'ports are 1-65535' },
      ],
    })
    expect(printed(err)).toEqual({
      code: 1,
      text: 'error: Job "nginx:v1" is invalid: spec.image: image is required (and 1 more)\n  → spec.ports.http.externalPort: ports are 1-65535\nhint: fix spec.image, spec.ports.http.externalPort and re-run\n',
    })
  })

  test('Unavailable gets a hint; usage errors exit 2; -v adds the stack', () => {
    expect(printed(new ApiError('Unavailable', 'cannot reach apiserver at http://x (ECONNREFUSED)')).text).toBe(
      'error: cannot reach apiserver at http://x (ECONNREFUSED)\nhint: is the apiserver running? set --server, HELIOS_SERVER or a config cluster\n',
    )
    expect(printed(new ApiError('Unauthorized', 'authentication required')).text).toBe(
      "error: authentication required\nhint: no token was sent: set --auth-token, HELIOS_TOKEN or the config cluster's token\n",
    )
    expect(printed(new UsageError('bad')).code).toBe(2)
    expect(printed(new Error('boom'), true).text).toMatch(/^error: boom\nError: boom\n\s+at /)
  })
})

describe('runCli', () => {
  test('an unreachable apiserver: one error line naming the URL, a hint, exit 1', async () => {
    const closed = await startFakeApiserver()
    await closed.close()
    const result = await heliosctl(closed.url, ['jobs'])
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot reach apiserver at ${closed.url} (ECONNREFUSED)\nhint: is the apiserver running? the URL came from --server\n`,
    })
    // fetch refuses port 1 itself (a "bad port"), before any connection; the message still names the URL.
    const port1 = await heliosctl('http://127.0.0.1:1', ['jobs'])
    expect(port1.code).toBe(1)
    expect(port1.stderr).toMatch(/^error: cannot reach apiserver at http:\/\/127\.0\.0\.1:1 \(.+\)\nhint: /)
  })

  test('usage errors exit 2: unknown verb, unknown flag, missing argument, bad flag value, unknown kind', async () => {
    for (const argv of [
      ['frobnicate'],
      ['jobs', '--frob'],
      ['deploy', 'nginx:v1'],
      ['get', 'jobs', '-o', 'xml'],
      ['get', 'pods'],
    ]) {
      const result = await heliosctl('http://127.0.0.1:1', argv)
      expect(result.code, argv.join(' ')).toBe(2)
      expect(result.stderr, argv.join(' ')).toMatch(/^error: /)
    }
  })

  test('a bad -p names the flag and value; nothing is sent', async () => {
    const result = await heliosctl('http://127.0.0.1:1', ['create', 'nginx:v1', 'nginx', '-p', 'http=80:99999'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      "error: option '-p, --port <spec>' argument 'http=80:99999' is invalid. external port 99999 is out of range 1-65535",
    )
    const dup = await heliosctl('http://127.0.0.1:1', ['create', 'nginx:v1', 'nginx', '-p', 'http=80', '-p', 'http=81'])
    expect(dup.stderr).toContain('Duplicate port mapping name: http')
  })

  test('unknown verbs, subcommands and flags: one line with a suggestion, a hint naming the help, exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['aply'], "error: unknown command 'aply'; did you mean apply?\nhint: run 'heliosctl --help' for usage\n"],
      [
        ['config', 'use-clustr', 'x'],
        "error: unknown command 'use-clustr'; did you mean use-cluster?\nhint: run 'heliosctl config --help' for usage\n",
      ],
      [
        ['rollout', 'stauts', 'web'],
        "error: unknown command 'stauts'; did you mean status?\nhint: run 'heliosctl rollout --help' for usage\n",
      ],
      [
        ['get', 'jobs', '--outptu', 'json'],
        "error: unknown option '--outptu'; did you mean --output?\nhint: run 'heliosctl get --help' for usage\n",
      ],
      [
        ['jobs', '--jsn'],
        "error: unknown option '--jsn'; did you mean --json?\nhint: run 'heliosctl jobs --help' for usage\n",
      ],
      [
        ['--sever', 'x', 'jobs'],
        "error: unknown option '--sever'; did you mean --server?\nhint: run 'heliosctl --help' for usage\n",
      ],
    ]
    for (const [argv, stderr] of cases) {
      expect(await heliosctl('', argv, { env: { HELIOS_CONFIG: '/nonexistent/config.yaml' } })).toEqual({
        code: 2,
        stdout: '',
        stderr,
      })
    }
    // Nothing close enough: no suggestion, still one line.
    expect((await heliosctl('', ['zzzzzz'])).stderr).toBe(
      "error: unknown command 'zzzzzz'\nhint: run 'heliosctl --help' for usage\n",
    )
  })

  test('--help lists both verb groups and documents exit codes', async () => {
    const result = await heliosctl('http://127.0.0.1:1', ['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Declarative commands (kubectl-style):')
    expect(result.stdout).toContain('Helios commands:')
    expect(result.stdout).toMatch(/Exit codes:\n {2}0 {2}success\n {2}1 {2}the operation failed/)
    expect(result.stdout).toContain('2  usage error')
    expect(result.stdout).toContain(
      'diff is the exception, as kubectl diff: 0 no changes, 1 changes found, >1 an error',
    )
    expect(result.stdout).toContain('source <(heliosctl completion bash)')
  })
})
