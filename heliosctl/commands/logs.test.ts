import type { ServerResponse } from 'node:http'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { ApiError } from '../../apis/index.js'
import { until } from '../../client/testing/until.js'
import { runCli } from '../main.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, job, task } from '../testing/fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

const nginx = job('nginx:v1')
const redis = job('redis:7')

/** The apiserver's log route played by the test: each task's lines, or a Status error. */
function answerLogs(byTask: Record<string, string[] | ApiError>) {
  const asked: Array<{ task: string; query: string }> = []
  server.onLog = (name: string, query: URLSearchParams, res: ServerResponse) => {
    asked.push({ task: name, query: query.toString() })
    const answer = byTask[name] ?? new ApiError('NotFound', `task "${name}" not found`)
    if (answer instanceof ApiError)
      res.writeHead(answer.httpStatus, { 'content-type': 'application/json' }).end(JSON.stringify(answer.toStatus()))
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(answer.map((l) => `${l}\n`).join(''))
  }
  return asked
}

describe('heliosctl logs', () => {
  test('one task: its lines as they are; the query carries --tail and --timestamps', async () => {
    server.seed(nginx, task(nginx, 'web1', { containerId: 'c1' }))
    const asked = answerLogs({ 'nginx-v1@web1': ['hello', '  indented', ''] })
    expect(await heliosctl(server.url, ['logs', 'nginx:v1'])).toEqual({
      code: 0,
      stdout: 'hello\n  indented\n\n',
      stderr: '',
    })
    await heliosctl(server.url, ['logs', 'nginx', '--tail', '1', '--timestamps'])
    expect(asked.map((a) => a.query)).toEqual(['', 'tailLines=1&timestamps=1'])
  })

  test('several hosts: every line prefixed [host], host after host; --host picks one; --prefix forces it', async () => {
    server.seed(nginx, task(nginx, 'web2'), task(nginx, 'web1'), task(redis, 'web1'))
    answerLogs({ 'nginx-v1@web1': ['a1', 'a2'], 'nginx-v1@web2': ['b1'], 'redis-7@web1': ['r'] })
    expect((await heliosctl(server.url, ['logs', 'nginx:v1'])).stdout).toBe('[web1] a1\n[web1] a2\n[web2] b1\n')
    expect((await heliosctl(server.url, ['logs', 'nginx:v1', '--host', 'web2'])).stdout).toBe('b1\n')
    expect((await heliosctl(server.url, ['logs', 'nginx:v1', '--host', 'web2', '--prefix'])).stdout).toBe('[web2] b1\n')
  })

  test('deployment/NAME, task/NAME, a task name, and a bare deployment name', async () => {
    const web = deployment('web', 'nginx:v1', ['web1', 'web2'])
    server.seed(nginx, web, task(nginx, 'web1', {}, 'web'), task(nginx, 'web2', {}, 'web'), task(nginx, 'h3'))
    answerLogs({ 'web@web1': ['w1'], 'web@web2': ['w2'], 'nginx-v1@h3': ['n3'] })
    const out = async (ref: string) => (await heliosctl(server.url, ['logs', ref])).stdout
    expect(await out('deployment/web')).toBe('[web1] w1\n[web2] w2\n')
    expect(await out('deploy/web')).toBe('[web1] w1\n[web2] w2\n')
    expect(await out('web')).toBe('[web1] w1\n[web2] w2\n')
    expect(await out('web@web2')).toBe('w2\n')
    expect(await out('task/web@web1')).toBe('w1\n')
    expect(await out('job/nginx')).toBe('[h3] n3\n[web1] w1\n[web2] w2\n')
  })

  test('nothing to read: one error line, exit 1; bad usage exit 2', async () => {
    server.seed(nginx, redis, task(nginx, 'web1'))
    expect(await heliosctl(server.url, ['logs', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: no job, deployment or task "nope"\n',
    })
    expect((await heliosctl(server.url, ['logs', 'redis:7'])).stderr).toBe('error: job redis:7 has no tasks\n')
    expect((await heliosctl(server.url, ['logs', 'nginx', '--host', 'web9'])).stderr).toBe(
      'error: job nginx:v1 has no task on host "web9"\n',
    )
    expect((await heliosctl(server.url, ['logs', 'host/web1'])).code).toBe(2)
    const badTail = await heliosctl(server.url, ['logs', 'nginx', '--tail', 'x'])
    expect(badTail.code).toBe(2)
    expect(badTail.stderr).toContain("option '--tail <n>' argument 'x' is invalid. a whole number, at least 0")
  })

  test('an unreachable agent: its message without the apiserver hint; with several hosts the others still print', async () => {
    server.seed(nginx, task(nginx, 'web1'), task(nginx, 'web2'))
    const down = new ApiError('Unavailable', 'cannot reach the agent of host "web2" at 10.0.0.2:5803 (ECONNREFUSED)')
    answerLogs({ 'nginx-v1@web1': ['fine'], 'nginx-v1@web2': down })
    expect(await heliosctl(server.url, ['logs', 'nginx'])).toEqual({
      code: 1,
      stdout: '[web1] fine\n',
      stderr: `error: ${down.message}\n`,
    })
    expect(await heliosctl(server.url, ['logs', 'nginx', '--host', 'web2'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${down.message}\n`,
    })
  })

  test('-f: lines of every host interleaved as they come, until Ctrl-C (exit 0)', async () => {
    server.seed(nginx, task(nginx, 'web1'), task(nginx, 'web2'))
    const open = new Map<string, ServerResponse>()
    server.onLog = (name, query, res) => {
      expect(query.get('follow')).toBe('1')
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write(`${name.slice(-4)} first\n`)
      open.set(name, res)
    }
    let stdout = ''
    let stderr = ''
    const run = runCli(['--server', server.url, 'logs', 'nginx', '-f'], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: (async function* () {})(),
      isTTY: false,
      env: {},
      clientVersion: '1.2.3',
    })
    await until(() => open.size === 2 && stdout.split('\n').length === 3)
    open.get('nginx-v1@web2')?.write('web2 later\n')
    await until(() => stdout.includes('web2 later'))
    open.get('nginx-v1@web1')?.write('web1 later\n')
    await until(() => stdout.includes('web1 later'))
    process.emit('SIGINT')
    expect(await run).toBe(0)
    expect(stderr).toBe('')
    expect(stdout.split('\n').slice(2)).toEqual(['[web2] web2 later', '[web1] web1 later', ''])
    expect(stdout.split('\n').slice(0, 2).sort()).toEqual(['[web1] web1 first', '[web2] web2 first'])
  })
})
