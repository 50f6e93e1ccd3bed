/** @module A fetch that trusts one CA bundle (a cluster's certificateAuthority) instead of NODE_EXTRA_CA_CERTS. */

type Fetch = typeof globalThis.fetch

/**
 * Returns a fetch whose TLS connections trust exactly the certificates in `caPem` (Node's `tls` `ca` option,
 * as kubectl's certificate-authority). undici is loaded on first use, so clients without a CA never pay for it;
 * its own fetch is used because Node 20's built-in fetch rejects dispatchers from a newer undici.
 */
export function fetchTrustingCa(caPem: string): Fetch {
  let ready: Promise<Fetch> | undefined
  const load = async (): Promise<Fetch> => {
    const undici = await import('undici')
    const dispatcher = new undici.Agent({ connect: { ca: caPem } })
    return ((input: Parameters<Fetch>[0], init?: RequestInit) =>
      undici.fetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as Fetch
  }
  return async (input, init) => {
    ready ??= load()
    return (await ready)(input, init)
  }
}
