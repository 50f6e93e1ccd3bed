#!/usr/bin/env node
/** @module helios-apiserver: flags → ZooKeeperStore → createApp → listen → controllers while elected leader; SIGTERM/SIGINT stop it all. */
import { existsSync, readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isLoopback } from '../apis/index.js'
import { createApp } from './app.js'
import { createApiServer, serverAuth } from './auth/server-auth.js'
import { serveDns } from './dns/serve-dns.js'
import { policySettings } from './flags/admission-flags.js'
import { parseFlags } from './flags/command.js'
import { MiB } from './flags/values.js'
import { type Leadership, runWhileLeader } from './leadership.js'
import { jsonLog, type Log } from './log.js'
import { zookeeperLatency } from './metrics.js'
import { ZooKeeperStore } from './storage/zookeeper-store.js'

// Works from apiserver/ (tsx) and dist/apiserver/ (built) alike.
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0'
  }
  return '0.0.0'
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

async function main(): Promise<void> {
  const version = packageVersion()
  const flags = parseFlags(version)

  const log: Log = jsonLog((line) => process.stdout.write(line), flags.logLevel)
  process.on('unhandledRejection', (error) => {
    log('error', 'unhandled rejection; exiting', { error })
    process.exit(1)
  })
  const sessionTimeoutMs = flags.zkSessionTimeout * 1000
  const zkLatency = zookeeperLatency()
  const store = new ZooKeeperStore({
    connect: flags.zk,
    root: flags.zkRoot,
    log,
    sessionTimeoutMs,
    onRequest: zkLatency.observe,
    aclDigest: flags.zkAclDigest,
  })
  let identity = `${hostname()} pid ${process.pid}`
  let leadership: Leadership | undefined
  const leaderStatus = () => leadership?.status() ?? { leader: false, identity }
  const { auth, controllerToken, agentTokens } = serverAuth(flags)
  const admissionPolicy = policySettings(flags)
  const app = createApp({
    store,
    log,
    version,
    allowedCapabilities: flags.allowedCapability,
    admissionPolicy,
    leadership: leaderStatus,
    auth,
    agentTokens,
    histograms: [zkLatency.histogram, zkLatency.multiOps],
    masters: store,
    crossSite: {
      // Open on loopback, a page's rebound DNS name is the way in; with tokens (or --insecure-no-auth) any name may be used.
      allowedHosts: !auth && (isLoopback(flags.host) || flags.allowedHost.length > 0) ? flags.allowedHost : undefined,
      allowedOrigins: flags.allowedOrigin,
    },
    bookmarkIntervalMs: flags.watchBookmarkSeconds * 1000,
    watchLimits: { budgetBytes: flags.watchMemoryBudget * MiB, perClient: flags.maxWatchesPerClient },
    inflightLimits: { total: flags.maxRequestsInflight, perClient: flags.maxRequestsInflightPerClient },
  })
  const { server, scheme } = createApiServer(app, flags)
  let stopControllers: (() => Promise<void>) | undefined
  let withdraw: (() => Promise<void>) | undefined
  let stopDns: (() => Promise<void>) | undefined
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1)
    stopping = true
    log('info', 'shutting down', { signal })
    setTimeout(() => process.exit(1), 15_000).unref()
    await stopControllers?.().catch((error: unknown) => log('warn', 'controllers did not stop cleanly', { error }))
    server.close()
    server.closeAllConnections() // open watch streams would otherwise hold close() forever
    await withdraw?.().catch(() => {})
    await stopDns?.().catch(() => {})
    await store.close()
    log('info', 'stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  const port = await listen(server, flags.port, flags.host).catch((error: unknown) => {
    log('error', 'cannot listen', { host: flags.host, port: flags.port, error })
    process.exit(1)
  })
  // After listening, a server error is one connection's (EMFILE on accept under a flood of sockets): log it and go on.
  server.on('error', (error) => log('error', 'HTTP server error; serving on', { error }))
  const local = flags.host === '0.0.0.0' || flags.host === '::' ? '127.0.0.1' : flags.host
  const url = `${scheme}://${local.includes(':') ? `[${local}]` : local}:${port}`
  log('info', 'apiserver listening', {
    url,
    version,
    zk: flags.zk,
    zkRoot: flags.zkRoot,
    zkAcl: flags.zkAclDigest ? 'digest' : 'open',
    allowedCapabilities: flags.allowedCapability,
    admissionPolicy,
    auth: auth ? 'bearer tokens' : 'none (loopback or --insecure-no-auth)',
    watchMemoryBudgetMiB: flags.watchMemoryBudget,
    maxWatchesPerClient: flags.maxWatchesPerClient,
  })

  await store.start()
  if (stopping) return
  if (flags.dnsListen) {
    const dns = { listen: flags.dnsListen, domain: flags.dnsDomain, ttl: flags.dnsTtl, rateLimit: flags.dnsRateLimit }
    stopDns = await serveDns(store, dns, log).catch((error: unknown) => {
      log('error', 'cannot serve DNS', { listen: flags.dnsListen, error })
      process.exit(1)
    })
  }
  const wildcard = flags.host === '0.0.0.0' || flags.host === '::'
  withdraw = store.announce({
    name: flags.name ?? `${hostname()}:${port}`,
    url: flags.advertiseUrl ?? (wildcard ? `${scheme}://${hostname()}:${port}` : url),
    version,
    startedAt: new Date().toISOString(),
  })
  if (!flags.controllers) return
  identity = `${hostname()}:${port} pid ${process.pid}`
  leadership = runWhileLeader({
    election: store,
    identity,
    log,
    start: async () => {
      const controllers = await import('../controllers/main.js')
      return controllers.startControllers({
        server: url,
        log,
        hostLeaseSeconds: flags.hostLeaseSeconds,
        token: controllerToken,
      })
    },
  })
  stopControllers = leadership.stop
}

main().catch((error: unknown) => {
  process.stderr.write(`helios-apiserver: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
})
