/** @module `--admission-policy FILE`: a YAML policy file → PolicySettings, errors naming the file, field and line. */
import { readFileSync } from 'node:fs'
import { fromZodError, isApiError, lineOfField, parseYamlDocuments, yamlValue } from '../../apis/index.js'
import { PolicySettings } from './policy-settings.js'

/**
 * Reads the policy in `text` (from `file`, for messages): one YAML document with PolicySettings' keys.
 * Throws an Error whose message starts with the file and names the field (and its line).
 */
export function parsePolicyFile(text: string, file: string): PolicySettings {
  const docs = parseYamlDocuments(text, file)
  if (docs.length > 1) throw new Error(`${file}: an admission policy is one YAML document, not ${docs.length}`)
  const [doc] = docs
  const value = doc ? (yamlValue(doc, file) ?? {}) : {}
  const parsed = PolicySettings.safeParse(value)
  if (parsed.success) return parsed.data
  const err = fromZodError(parsed.error, `${file}: admission policy`)
  const lines = err.causes.map((c) => {
    const line = doc ? lineOfField(doc, text, c.field) : undefined
    return `  ${c.field}${line === undefined ? '' : ` (line ${line})`}: ${c.message}`
  })
  throw new Error(`${file}: invalid admission policy:\n${lines.join('\n')}`)
}

/** parsePolicyFile on the file at `path`; a read error names the file too. */
export function loadPolicyFile(path: string): PolicySettings {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new Error(`${path}: cannot read the admission policy: ${(err as Error).message}`)
  }
  try {
    return parsePolicyFile(text, path)
  } catch (err) {
    if (isApiError(err)) throw new Error(err.message)
    throw err
  }
}
