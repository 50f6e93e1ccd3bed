// Internal: a private IPv4 /24 for a netns lab that overlaps none of the networks this machine already uses.

/** A 10.231.k.0/24 clear of `inUse` ("a.b.c.d" or "a.b.c.d/n"), as its first three octets "10.231.k". */
export function freeSubnet(inUse: readonly string[], start = process.pid): string {
  const taken = inUse.map(parseCidr)
  for (let step = 0; step < 256; step++) {
    const k = (start + step) % 256
    const candidate = parseCidr(`10.231.${k}.0/24`)
    if (!taken.some((net) => overlaps(net, candidate))) return `10.231.${k}`
  }
  throw new Error('no free /24 in 10.231.0.0/16 for the netns lab: every one overlaps a network of this machine')
}

interface Cidr {
  base: number
  bits: number
}

function parseCidr(text: string): Cidr {
  const [address = '', bits = '32'] = text.split('/')
  const base = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0)
  return { base, bits: Number(bits) }
}

/** Two networks overlap when they agree on the bits of the shorter prefix. */
function overlaps(a: Cidr, b: Cidr): boolean {
  const shorter = Math.min(a.bits, b.bits)
  const size = 2 ** (32 - shorter)
  return Math.floor(a.base / size) === Math.floor(b.base / size)
}
