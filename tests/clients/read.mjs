// Read a file of citations as citation-js does and print what it made of them as
// CSL-JSON, for tests/test_clients.py: node read.mjs ris|bibtex|csl-json FILE.
// With a third argument, "text", print citeproc-js's APA bibliography instead.
import { readFileSync } from 'node:fs'
import { Cite } from '@citation-js/core'
import '@citation-js/plugin-ris'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-csl'

const TYPES = { ris: '@ris/file', bibtex: '@biblatex/text', 'csl-json': '@csl/list+object' }
const [format, file, output] = process.argv.slice(2)
if (!(format in TYPES) || !file) {
  console.error('usage: node read.mjs ris|bibtex|csl-json FILE [text]')
  process.exit(2)
}
const text = readFileSync(file, 'utf8')
const input = format === 'csl-json' ? JSON.parse(text) : text
// forceType: read it as that format, not whatever citation-js would guess.
const cite = new Cite(input, { forceType: TYPES[format] })
if (output === 'text') {
  process.stdout.write(cite.format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }))
} else {
  process.stdout.write(JSON.stringify(cite.format('data', { format: 'object' }), null, 2) + '\n')
}
