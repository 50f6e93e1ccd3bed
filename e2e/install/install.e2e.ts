// Issue 16's install path: `npm pack`, `npm install -g` into a fresh prefix, then only the installed commands, run by the
// shipped systemd units' command lines with tokens and TLS, create and deploy a job on real ZooKeeper and Docker.
import { readdirSync, readFileSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { curl, docker, freePort, hostStatusesIn, REPO_ROOT, run, TEST_IMAGE, waitFor } from '../harness.js'
import { startInstalledCluster } from './installed-cluster.js'
import { type InstalledPackage, packAndInstall } from './installed-package.js'

const COMMANDS = ['heliosctl', 'helios-apiserver', 'helios-agent']
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version
let pkg: InstalledPackage

beforeAll(async () => {
  pkg = await packAndInstall()
}, 180_000)
afterAll(() => pkg?.remove())

test('the tarball holds the built commands and the deploy files, and no sources, tests or development files', () => {
  const shipped = [
    /^(package\.json|README\.md)$/,
    /^dist\/(apis|client|apiserver|controllers|agent)\/.+\.js$/,
    /^dist\/heliosctl\/(main\.js|cli\/.+)$/,
    /^deploy\/(.+\.service|.+\.env|README\.md)$/,
  ]
  expect(pkg.entries.filter((entry) => !shipped.some((pattern) => pattern.test(entry)))).toEqual([])
  expect(pkg.entries.filter((entry) => /\.test\.|\.e2e\.|\/testing\/|-fixture\.|-contract\./.test(entry))).toEqual([])
  expect(pkg.entries).toEqual(expect.arrayContaining(['dist/apiserver/main.js', 'dist/agent/main.js']))
  expect(pkg.entries).toEqual(expect.arrayContaining(['dist/heliosctl/main.js', 'dist/heliosctl/cli/main.cjs']))
  expect(pkg.entries.filter((entry) => /^dist\/heliosctl\/cli\/main\.\w+\.v8cache$/.test(entry))).toHaveLength(1)
  for (const unit of ['helios-apiserver', 'helios-agent'])
    expect(pkg.entries).toEqual(expect.arrayContaining([`deploy/${unit}.service`, `deploy/${unit}.env`]))
})

test('the commands on PATH are the installed ones, start with a node shebang and print the package version', async () => {
  for (const command of COMMANDS) {
    const found = await pkg.run('/bin/sh', ['-c', 'command -v "$0"', command])
    expect(found.stdout.trim()).toBe(join(pkg.prefix, 'bin', command))
    const target = realpathSync(found.stdout.trim())
    expect(target.startsWith(`${pkg.packageDir}/dist/`)).toBe(true)
    expect(readFileSync(target, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
    const version = await pkg.run(command, command === 'heliosctl' ? ['version', '--client'] : ['--version'])
    expect(version).toMatchObject({ code: 0, stderr: '' })
    expect(version.stdout).toContain(VERSION)
  }
})

test('heliosctl takes the shipped V8 code cache as it is, and runs from an install its user cannot write to', async () => {
  const cli = join(pkg.packageDir, 'dist/heliosctl/cli')
  const cacheFile = join(cli, readdirSync(cli).find((file) => file.endsWith('.v8cache'))!)
  const before = { files: readdirSync(cli), cache: readFileSync(cacheFile) }
  // As root the directory is writable: a cache V8 rejected would be written anew at exit.
  expect(await pkg.run('heliosctl', ['version', '--client'])).toMatchObject({ code: 0 })
  expect(readFileSync(cacheFile).equals(before.cache)).toBe(true)

  const setpriv = (await run('/bin/sh', ['-c', 'command -v setpriv'])).stdout.trim()
  const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups', 'heliosctl', 'version', '--client']
  expect(await pkg.run(setpriv, asNobody)).toMatchObject({ code: 0, stdout: `Client Version: ${VERSION}\n` })
  expect(readdirSync(cli)).toEqual(before.files)
})

test('systemd-analyze verify passes the shipped units with the installed commands where systemd looks for them', async () => {
  const units = ['helios-apiserver', 'helios-agent'].map((unit) => join(pkg.packageDir, 'deploy', `${unit}.service`))
  // In a mount namespace of its own, the prefix stands in for /usr/local, Debian's global npm prefix.
  const script = 'mount --bind "$0" /usr/local && exec systemd-analyze verify "$@"'
  const verified = await run('unshare', ['--mount', 'sh', '-c', script, pkg.prefix, ...units])
  expect(verified.stderr).toBe('')
  expect(verified.code).toBe(0)
})

test('the units run a cluster with tokens and TLS that deploys a job', async () => {
  const cluster = await startInstalledCluster(pkg)
  const { apiserver, agent, host, ctl, ctlJson } = cluster
  try {
    expect(apiserver.argv).toEqual(
      expect.arrayContaining(['--tls-cert', cluster.apiserverCertificate, '--token-file', cluster.tokenFile]),
    )
    expect(agent.argv).toEqual(expect.arrayContaining(['--state-dir', cluster.stateDirectory]))
    await waitFor(
      async () => {
        if (!apiserver.process.running || !agent.process.running)
          throw new Error(`exited: apiserver ${apiserver.process.exitStatus}, agent ${agent.process.exitStatus}`)
        return hostStatusesIn(await ctlJson('hosts', '--json'))[host] === 'UP'
      },
      { timeoutMs: 45_000, what: `host ${host} UP through ${cluster.server}` },
    )
    expect((await ctl('hosts', '-s', 'role=install')).stdout).toContain(host)
    // The agent serves its log endpoint with the unit's certificate, which the apiservers pin.
    const hostObject = await ctlJson('get', 'host', host, '-o', 'json')
    expect(hostObject.status.agentCertificateSha256).toBe(cluster.agentCertificate.sha256)

    const jobPort = await freePort()
    expect(await ctl('create', 'installed:v1', TEST_IMAGE, '-p', `http=80:${jobPort}`)).toMatchObject({ code: 0 })
    expect(await ctl('deploy', 'installed:v1', host)).toMatchObject({ code: 0 })
    await waitFor(async () => (await ctl('status', '--job', 'installed:v1')).stdout.includes('RUNNING'), {
      timeoutMs: 45_000,
      what: 'installed:v1 RUNNING',
    })
    const page = await waitFor(() => curl(`http://127.0.0.1:${jobPort}/`), { timeoutMs: 10_000, what: 'the job' })
    expect(page.body).toContain('hello from helios')

    expect(await ctl('undeploy', '-a', 'installed:v1')).toMatchObject({ code: 0 })
    await waitFor(async () => (await docker(['ps', '-q', '--filter', `label=helios.host=${host}`])).stdout === '', {
      timeoutMs: 30_000,
      what: 'the container gone',
    })
    // systemctl stop sends SIGTERM: both end cleanly.
    await agent.process.stop()
    await apiserver.process.stop()
    expect([agent.process.exitStatus, apiserver.process.exitStatus]).toEqual(['exit code 0', 'exit code 0'])
  } finally {
    await cluster.dispose()
  }
}, 120_000)
