// Format bibliographies as citeproc-js does (through citation-js), for tests/test_clients.py:
// node format.mjs ITEMS.json STYLE.csl... prints, for each style in turn and each reference
// in that style's order, the style file's name, a tab, the item's id, a tab and the
// reference as plain text, a line each. One process for every style: node and
// citation-js start once.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { Cite, plugins } from '@citation-js/core'
import '@citation-js/plugin-csl'

const [itemsFile, ...styleFiles] = process.argv.slice(2)
if (!itemsFile || styleFiles.length === 0) {
  console.error('usage: node format.mjs ITEMS.json STYLE.csl...')
  process.exit(2)
}
const cite = new Cite(JSON.parse(readFileSync(itemsFile, 'utf8')), { forceType: '@csl/list+object' })
for (const styleFile of styleFiles) {
  const name = basename(styleFile, '.csl')
  plugins.config.get('@csl').styles.add(name, readFileSync(styleFile, 'utf8'))
  // asEntryArray: [id, formatted text] pairs, in the bibliography's order.
  const entries = cite.format('bibliography', {
    format: 'text', template: name, lang: 'en-US', asEntryArray: true
  })
  for (const [id, text] of entries) {
    process.stdout.write(`${name}\t${id}\t${text.replace(/\s+/g, ' ').trim()}\n`)
  }
}
