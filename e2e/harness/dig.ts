// dig (bind9-dnsutils) asking one DNS server, once: the answers a person would check by hand.
import { run } from './process.js'

/** `dig @server -p port ARGS` (one try, 2 s): its output; throws unless dig exited 0 (an answer came). */
export async function dig(server: string, port: number, ...args: string[]): Promise<string> {
  const out = await run('dig', [`@${server}`, '-p', String(port), '+time=2', '+tries=1', ...args], {
    timeoutMs: 10_000,
  })
  if (out.code !== 0) throw new Error(`dig @${server} -p ${port} ${args.join(' ')} exited ${out.code}: ${out.stderr}`)
  return out.stdout
}

/** The answers of `dig +short ARGS`, sorted (none for an unknown name); throws unless an answer came. */
export async function digShort(server: string, port: number, ...args: string[]): Promise<string[]> {
  const out = await dig(server, port, '+short', ...args)
  return out
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith(';'))
    .sort()
}

/** The response code of the answer (NOERROR, NXDOMAIN, REFUSED…). */
export async function digStatus(server: string, port: number, ...args: string[]): Promise<string | undefined> {
  return /status: (\w+)/.exec(await dig(server, port, ...args))?.[1]
}
