/** @module The `hint:` line under an apiserver error: what to try next, naming where the server and token came from. */
import { type ApiError, KINDS, kindFromUser } from '../../apis/index.js'
import { describeSource, type Target } from '../config/server-target.js'
import { SRV_LOOKUP_FAILED } from '../config/srv-target.js'

const TOKEN_PLACES = "--auth-token, HELIOS_TOKEN or the config cluster's token"

/** One hint for `err` against `target` (the server this run used, when known), or none when the message says it all. */
export function hintFor(err: ApiError, target?: Target): string | undefined {
  switch (err.code) {
    case 'Unauthorized':
      return unauthorized(target)
    case 'Forbidden':
      // A Job-token refusal already says what to do ("pass the right one with --token").
      if (err.message.includes('--token')) return undefined
      return `this token's user may not do that: use a token with a role that may (${TOKEN_PLACES})`
    case 'Conflict':
      // Other conflicts (a Job in use, a port taken) name what is in the way; a stale write needs a re-run.
      if (!/modified|another version/.test(err.message)) return undefined
      return 'someone changed it since it was read: re-run the command (it reads it again)'
    case 'Invalid':
      return invalid(err)
    case 'NotFound':
      return notFound(err)
    case 'Unavailable':
      return unavailable(err, target)
    default:
      return undefined
  }
}

function unauthorized(target: Target | undefined): string {
  if (!target?.token) return `no token was sent: set ${TOKEN_PLACES}`
  const from = { flag: '--auth-token', env: 'HELIOS_TOKEN', cluster: `cluster "${clusterOf(target)}"` }
  return `the token from ${from[target.tokenFrom ?? 'flag']} was refused: set the right one (${TOKEN_PLACES})`
}

function invalid(err: ApiError): string {
  const fields = [...new Set(err.causes.map((c) => c.field).filter(Boolean))]
  return fields.length > 0 ? `fix ${fields.join(', ')} and re-run` : 'fix the value named above and re-run'
}

// The apiserver says `job "x" not found`: point at the list of that kind. The Helios verbs' own
// not-found messages ("job pattern x matched no jobs") already say what was looked for; status --host's gets
// Helios' second line.
function notFound(err: ApiError): string | undefined {
  const hostPattern = /^There are no jobs deployed to hosts with the host pattern '(.*)'$/.exec(err.message)?.[1]
  if (hostPattern !== undefined) return `run 'heliosctl hosts ${hostPattern}' to check your host exists and is up`
  const kind = kindFromUser(/^(\w+) "[^"]*" not found$/.exec(err.message)?.[1] ?? '')
  return kind ? `check the name: heliosctl get ${KINDS[kind].plural} lists them` : undefined
}

function unavailable(err: ApiError, target: Target | undefined): string {
  // -d's lookup failed below DNS answers (srv-target.ts): no apiserver was asked yet.
  if (err.message.startsWith(SRV_LOOKUP_FAILED))
    return 'is a DNS server reachable (the system resolver, /etc/resolv.conf)? or name the apiservers with -z URL'
  // The client's own error (client/http-client.ts) says "cannot reach"; a 503 is the apiserver answering.
  if (!err.message.startsWith('cannot reach apiserver'))
    return 'the apiserver answered but cannot serve now: is its ZooKeeper up?'
  const several = target?.server.includes(',') === true
  const urls = several ? 'URLs' : 'URL'
  const source = target
    ? `the ${urls} ${describeSource(target.source)}`
    : 'set --server, HELIOS_SERVER or a config cluster'
  if (/CERT|SELF_SIGNED|certificate/i.test(err.message))
    return `its TLS certificate is not trusted: heliosctl config set-cluster NAME --certificate-authority CA.pem; ${source}`
  // Only when every server hung: a refused one is better hinted at as not running.
  if (/no response within/.test(err.message) && !/\(E[A-Z]+\)/.test(err.message))
    return `an apiserver accepted the connection but did not answer in time (--request-timeout); ${source}`
  return `${several ? 'are the apiservers' : 'is the apiserver'} running? ${source}`
}

function clusterOf(target: Target): string {
  return target.source.from === 'cluster' ? target.source.cluster : '?'
}
