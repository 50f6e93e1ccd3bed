/** @module The apiserver's command line: every flag, its parser and default, read into Flags. */
import { Command, Option } from 'commander'
import { DEFAULT_INFLIGHT_LIMITS } from '../inflight.js'
import type { LogLevel } from '../log.js'
import { DEFAULT_WATCH_LIMITS } from '../watch-budget.js'
import { type AdmissionFlags, withAdmissionFlags } from './admission-flags.js'
import {
  given,
  MiB,
  nonEmpty,
  parseAdvertiseUrl,
  parseCount,
  parseDigest,
  parseDnsDomain,
  parseListen,
  parseMasterName,
  parsePort,
  parseSeconds,
  repeatable,
} from './values.js'

export interface Flags extends AdmissionFlags {
  port: number
  host: string
  zk: string
  zkRoot: string
  logLevel: LogLevel
  controllers: boolean
  hostLeaseSeconds: number
  zkSessionTimeout: number
  tokenFile?: string
  insecureNoAuth?: boolean
  tlsCert?: string
  tlsKey?: string
  zkAclDigest?: string
  allowedHost: string[]
  allowedOrigin: string[]
  watchMemoryBudget: number
  maxWatchesPerClient: number
  watchBookmarkSeconds: number
  maxRequestsInflight: number
  maxRequestsInflightPerClient: number
  name?: string
  advertiseUrl?: string
  dnsListen?: { host: string; port: number }
  dnsDomain: string
  dnsTtl: number
  dnsRateLimit: number
}

/** Parses `argv` (process.argv by default); prints help or a usage error and exits as commander does. */
export function parseFlags(version: string, argv?: readonly string[]): Flags {
  const command = new Command('helios-apiserver')
    .description('Serves the Helios API over HTTP, stores objects in ZooKeeper and runs the cluster controllers.')
    .version(version)
    .option('--port <port>', 'HTTP port (0 picks a free one)', parsePort, 5801)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--zk <connect>', 'ZooKeeper connect string (host:port[,host:port...])', given, '127.0.0.1:2181')
    .option('--zk-root <path>', 'ZooKeeper path holding every object', '/helios')
    .addOption(
      new Option('--log-level <level>', 'lowest level logged')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .option('--no-controllers', 'do not run the cluster controllers in this process')
    .option('--host-lease-seconds <n>', 'seconds without a heartbeat before a Host is DOWN', parseSeconds, 40)
    .option(
      '--zk-session-timeout <seconds>',
      'ZooKeeper session timeout; a killed leader is replaced after about this long',
      parseSeconds,
      30,
    )
    .addOption(
      new Option(
        '--zk-acl-digest <user:password>',
        'authenticate to ZooKeeper with this digest and create every node writable by it only (world: read)',
      )
        .env('HELIOS_ZK_DIGEST')
        .argParser(parseDigest),
    )
    .option(
      '--watch-memory-budget <MiB>',
      'MiB all watch streams together may hold unsent; beyond it the streams holding the most are closed (their clients relist)',
      parseCount,
      DEFAULT_WATCH_LIMITS.budgetBytes / MiB,
    )
    .option(
      '--max-watches-per-client <n>',
      'watch streams one client (token user, else remote address) may hold open; more is 429',
      parseCount,
      DEFAULT_WATCH_LIMITS.perClient,
    )
    .option(
      '--max-requests-inflight <n>',
      'requests (watches and log follows aside) served at once; more is 429',
      parseCount,
      DEFAULT_INFLIGHT_LIMITS.total,
    )
    .option(
      '--max-requests-inflight-per-client <n>',
      'requests one client (token user, else remote address) may have in flight; more is 429',
      parseCount,
      DEFAULT_INFLIGHT_LIMITS.perClient,
    )
    .option(
      '--watch-bookmark-seconds <n>',
      'seconds an idle watch stays silent before a BOOKMARK line',
      parseSeconds,
      15,
    )
    .option(
      '--name <name>',
      "this apiserver's name in `heliosctl masters` (default <hostname>:<port>)",
      parseMasterName,
    )
    .option(
      '--advertise-url <url>',
      'the URL `heliosctl masters` lists for this apiserver (default: its --host and port, or the hostname for 0.0.0.0)',
      parseAdvertiseUrl,
    )
    .option(
      '--token-file <file>',
      'bearer tokens, CSV lines "token,user,role" (roles: admin, deployer, viewer, agent)',
      given,
    )
    .option('--insecure-no-auth', 'serve the API without tokens on a non-loopback --host (anyone may do anything)')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)', given)
    .option('--tls-key <file>', 'the PEM private key of --tls-cert', given)
    .option(
      '--allowed-host <name>',
      'a Host header name the open API answers besides loopback names (repeatable; DNS rebinding guard)',
      repeatable(nonEmpty),
      [],
    )
    .option(
      '--allowed-origin <origin>',
      'a browser Origin allowed to call the API, e.g. https://ui.example.com (repeatable; none by default)',
      repeatable(nonEmpty),
      [],
    )
    .option(
      '--dns-listen <address:port>',
      'serve DNS (UDP and TCP) for registered services here, e.g. 127.0.0.1:5353 or 0.0.0.0:53',
      parseListen,
    )
    .option('--dns-domain <domain>', 'the DNS zone of services without a registrationDomain', parseDnsDomain, 'helios')
    .option('--dns-ttl <seconds>', 'TTL of DNS answers, negative ones included', parseSeconds, 5)
    .option(
      '--dns-rate-limit <n>',
      'DNS queries per second one source address may send (twice that at once)',
      parseCount,
      500,
    )
  return withAdmissionFlags(command)
    .parse(argv as string[] | undefined)
    .opts<Flags>()
}
