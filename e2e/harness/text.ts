// Internal text helpers shared by the harness: DNS-safe slugs and short renderings for error messages.

/** Lower-cases s and keeps only [a-z0-9-], e.g. "Roll Out!" → "roll-out" (never empty). */
export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  )
}

/** A value as text for an error message: an Error's message, or JSON cut at 500 characters. */
export function show(v: unknown): string {
  if (v instanceof Error) return v.message
  try {
    const s = typeof v === 'string' ? v : JSON.stringify(v)
    return s === undefined ? String(v) : s.length > 500 ? `${s.slice(0, 500)}…` : s
  } catch {
    return String(v)
  }
}
