// One control-plane machine and one Docker host as deploy/README.md sets them up, run from the installed package:
// ZooKeeper, the shipped units' command lines with a token file, a CA-signed apiserver certificate and an agent's own.
import { writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import {
  certificateAuthority,
  selfSignedCertificate,
  signedCertificate,
  type TestCertificate,
} from '../../testing/test-certificate.js'
import {
  agentName,
  type ExecResult,
  freePort,
  jsonOutput,
  randomId,
  removeContainersByLabel,
  scenarioLogDir,
  startZooKeeper,
} from '../harness.js'
import type { InstalledPackage } from './installed-package.js'
import { startUnit, type UnitProcess } from './unit-process.js'

export interface InstalledCluster {
  server: string
  /** The agent's Host name, and the user of its token. */
  host: string
  apiserver: UnitProcess
  agent: UnitProcess
  apiserverCertificate: string
  agentCertificate: TestCertificate
  tokenFile: string
  stateDirectory: string
  /** The installed heliosctl with `--server`, an admin token and the CA, as an operator runs it. */
  ctl(...args: string[]): Promise<ExecResult>
  /** `ctl(...args)`, args asking for JSON: its output parsed; throws unless it exited 0, stderr empty. */
  // biome-ignore lint/suspicious/noExplicitAny: a scenario reads the fields it asked for
  ctlJson<T = any>(...args: string[]): Promise<T>
  /** Kills whatever still runs, removes the agent's containers and ZooKeeper. */
  dispose(): Promise<void>
}

export async function startInstalledCluster(pkg: InstalledPackage): Promise<InstalledCluster> {
  const logs = scenarioLogDir('install')
  const host = agentName('install')
  const [admin, agentToken] = [`admin-${randomId(12)}`, `agent-${randomId(12)}`]
  const ca = certificateAuthority(pkg.dir)
  const apiCert = signedCertificate(pkg.dir, ca, 'apiserver', { altNames: 'DNS:localhost,IP:127.0.0.1' })
  const agentCertificate = selfSignedCertificate(pkg.dir, 'agent')
  const tokenFile = join(pkg.dir, 'tokens.csv')
  writeFileSync(tokenFile, `${admin},admin,admin\n${agentToken},${host},agent\n`)
  const apiPort = await freePort()
  const server = `https://127.0.0.1:${apiPort}`
  const specifiers = { H: hostname(), S: join(pkg.dir, 'state') }
  const zk = await startZooKeeper()
  // What an operator writes in /etc/default/helios-apiserver and /etc/default/helios-agent.
  const apiserver = startUnit({
    ...{ pkg, unit: 'helios-apiserver', specifiers, logFile: join(logs, 'apiserver.log') },
    settings: {
      ...{ HELIOS_ZK: zk.connect, HELIOS_ZK_ROOT: `/helios-e2e-${randomId()}` },
      ...{ HELIOS_HOST: '127.0.0.1', HELIOS_PORT: String(apiPort), HELIOS_TOKEN_FILE: tokenFile },
      ...{ HELIOS_TLS_CERT: apiCert.certFile, HELIOS_TLS_KEY: apiCert.keyFile, NODE_EXTRA_CA_CERTS: ca.certFile },
    },
  })
  const agent = startUnit({
    ...{ pkg, unit: 'helios-agent', specifiers, logFile: join(logs, 'agent.log') },
    settings: {
      ...{ HELIOS_SERVER: server, HELIOS_TOKEN: agentToken, HELIOS_NAME: host, NODE_EXTRA_CA_CERTS: ca.certFile },
      ...{ HELIOS_TLS_CERT: agentCertificate.certFile, HELIOS_TLS_KEY: agentCertificate.keyFile },
      HELIOS_LABELS: '--label role=install',
      // Other agents may run on this machine: a port of its own for the log endpoint.
      HELIOS_AGENT_OPTS: '--listen-address 127.0.0.1:0',
      ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    },
  })
  const ctl = (...args: string[]) =>
    pkg.run('heliosctl', ['--server', server, ...args], { HELIOS_TOKEN: admin, NODE_EXTRA_CA_CERTS: ca.certFile })
  return {
    ...{ server, host, apiserver, agent, apiserverCertificate: apiCert.certFile, agentCertificate, tokenFile },
    stateDirectory: join(specifiers.S, 'helios-agent'),
    ctl,
    ctlJson: async (...args) => jsonOutput(await ctl(...args), `heliosctl ${args.join(' ')}`),
    async dispose() {
      await agent.process.kill9()
      await apiserver.process.kill9()
      await removeContainersByLabel(`helios.host=${host}`)
      await zk.stop()
    },
  }
}
