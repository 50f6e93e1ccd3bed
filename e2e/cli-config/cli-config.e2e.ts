// heliosctl's config file on a real cluster with tokens and TLS: two clusters (one unreachable), use-cluster
// switching, the config's token and CA, a wrong token, an unreachable server, and a mistyped verb.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  agentName,
  type Cluster,
  freePort,
  heliosctl,
  REPO_ROOT,
  scenarioLogDir,
  startCluster,
  waitFor,
} from '../harness.js'

const ADMIN = 'cli-config-admin-token'
const AGENT = 'cli-config-agent-token'
let cluster: Cluster
let host: string
let dir: string
let config: string
let goneUrl: string
let tlsUrl: string
let tlsApiserver: ChildProcess | undefined

/** heliosctl with only the config file to go by: no HELIOS_SERVER, no HELIOS_TOKEN. */
const ctl = (...args: string[]) =>
  heliosctl(args, { env: { HELIOS_CONFIG: config, HELIOS_SERVER: '', HELIOS_TOKEN: '' } })

beforeAll(async () => {
  host = agentName('cli-config')
  dir = mkdtempSync(join(tmpdir(), 'helios-cli-config-'))
  const tokens = join(dir, 'tokens.csv')
  writeFileSync(tokens, `${ADMIN},alice,admin\n${AGENT},${host},agent\n`)
  const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')]
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
    ],
    { stdio: 'ignore' },
  )
  cluster = await startCluster({
    apiserverArgs: ['--token-file', tokens],
    agents: [{ name: host, args: ['--token', AGENT] }],
    ctlEnv: { HELIOS_TOKEN: ADMIN },
  })
  // A second apiserver on the same ZooKeeper root serving HTTPS (the harness' own one speaks HTTP).
  const port = await freePort()
  tlsUrl = `https://127.0.0.1:${port}`
  const log = createWriteStream(join(scenarioLogDir(cluster.scenario), `apiserver-tls-${port}.log`))
  const args = ['--port', String(port), '--zk', cluster.zk.connect, '--zk-root', cluster.apiserver.zkRoot]
  tlsApiserver = spawn(
    process.execPath,
    [join(REPO_ROOT, 'dist/apiserver/main.js'), ...args, '--token-file', tokens, '--tls-cert', cert, '--tls-key', key],
    // Its in-process controllers call it over HTTPS too, should it become the leader.
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: cert }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  tlsApiserver.stdout?.pipe(log)
  tlsApiserver.stderr?.pipe(log)
  goneUrl = `http://127.0.0.1:${await freePort()}`
  config = join(dir, 'config.yaml')
  writeFileSync(
    config,
    [
      'currentCluster: live',
      'clusters:',
      `  - {name: live, server: "${cluster.server}", token: ${ADMIN}}`,
      `  - {name: gone, server: "${goneUrl}", token: ${ADMIN}}`,
      `  - {name: tls, server: "${tlsUrl}", token: ${ADMIN}, certificateAuthority: cert.pem}`,
      '',
    ].join('\n'),
  )
  await waitFor(async () => (await ctl('--cluster', 'tls', 'version')).code === 0, {
    timeoutMs: 60_000,
    what: `the HTTPS apiserver at ${tlsUrl} to answer`,
  })
})

afterAll(async () => {
  if (tlsApiserver && tlsApiserver.exitCode === null) {
    const exited = new Promise((resolve) => tlsApiserver?.once('exit', resolve))
    tlsApiserver.kill('SIGTERM')
    await exited
  }
  await cluster?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('get hosts through the current cluster and its token; use-cluster switches to an unreachable one and back', async () => {
  const hosts = await ctl('get', 'hosts')
  expect(hosts.stderr).toBe('')
  expect(hosts.code).toBe(0)
  expect(hosts.stdout).toContain(host)

  expect(await ctl('config', 'use-cluster', 'gone')).toMatchObject({ code: 0, stdout: 'Switched to cluster "gone".\n' })
  expect((await ctl('config', 'current-cluster')).stdout).toBe('gone\n')
  const gone = await ctl('get', 'hosts')
  expect(gone.code).toBe(1)
  expect(gone.stdout).toBe('')
  expect(gone.stderr).toBe(
    `error: cannot reach apiserver at ${goneUrl} (ECONNREFUSED)\nhint: is the apiserver running? the URL came from cluster "gone" in ${config}\n`,
  )
  // --cluster picks another cluster for one command without switching.
  expect((await ctl('--cluster', 'live', 'get', 'hosts')).stdout).toContain(host)

  expect((await ctl('config', 'use-cluster', 'live')).code).toBe(0)
  expect((await ctl('get', 'hosts')).code).toBe(0)
  const clusters = await ctl('config', 'get-clusters')
  expect(clusters.stdout).toMatch(/^CURRENT +NAME +SERVER\n\* +live /)
  expect((await ctl('config', 'view')).stdout).not.toContain(ADMIN)
})

test('a wrong token: the 401 line and a hint naming the cluster token, exit 1', async () => {
  expect((await ctl('config', 'set-cluster', 'stale', '--server', cluster.server, '--token', 'wrong')).code).toBe(0)
  expect(await ctl('--cluster', 'stale', 'get', 'hosts')).toEqual({
    code: 1,
    stdout: '',
    stderr:
      'error: authentication required: send "Authorization: Bearer <token>"\n' +
      `hint: the token from cluster "stale" was refused: set the right one (--auth-token, HELIOS_TOKEN or the config cluster's token)\n`,
  })
  // --auth-token beats the cluster's token.
  expect((await ctl('--cluster', 'stale', '--auth-token', ADMIN, 'get', 'hosts')).code).toBe(0)
})

test("https with the cluster's CA, no NODE_EXTRA_CA_CERTS; without the CA, a hint to set it", async () => {
  const hosts = await ctl('--cluster', 'tls', 'get', 'hosts')
  expect(hosts.stderr).toBe('')
  expect(hosts.stdout).toContain(host)
  expect((await ctl('config', 'set-cluster', 'tls-no-ca', '--server', tlsUrl, '--token', ADMIN)).code).toBe(0)
  const untrusted = await ctl('--cluster', 'tls-no-ca', 'get', 'hosts')
  expect(untrusted.code).toBe(1)
  expect(untrusted.stderr).toMatch(
    new RegExp(
      `^error: cannot reach apiserver at ${tlsUrl.replace(/\./g, '\\.')} \\(.*SELF_SIGNED.*\\)\\nhint: its TLS certificate is not trusted: heliosctl config set-cluster NAME --certificate-authority CA\\.pem; the URL came from cluster "tls-no-ca" in .*\\n$`,
    ),
  )
})

test('a mistyped verb: a suggestion, exit 2, nothing sent', async () => {
  expect(await ctl('aply', '-f', 'x.yaml')).toEqual({
    code: 2,
    stdout: '',
    stderr: "error: unknown command 'aply'; did you mean apply?\nhint: run 'heliosctl --help' for usage\n",
  })
})
