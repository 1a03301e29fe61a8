// Le Relais by email: what Gmail, Outlook and Apple Mail do not support, from caniemail's
// data (npm caniemail), for each HTML email given; one line a feature, with its clients.
//   cd bench/caniemail && npm ci && node check.mjs ../../site/bulletins/*/courriel.html
import { readFileSync } from 'node:fs';
import { caniemail } from 'caniemail';

const clients = ['gmail.*', 'outlook.*', 'apple-mail.*'];
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage : node check.mjs courriel.html [...]');
  process.exit(2);
}
const features = new Map();
for (const file of files) {
  const { issues } = caniemail({ clients, html: readFileSync(file, 'utf8') });
  for (const [level, byClient] of [['non', issues.errors], ['partiel', issues.warnings]]) {
    for (const [client, found] of byClient) {
      for (const issue of found) {
        const key = `${issue.title}`;
        if (!features.has(key)) features.set(key, new Set());
        features.get(key).add(`${client} (${level})`);
      }
    }
  }
}
for (const [feature, where] of [...features].sort()) {
  console.log(`${feature} : ${[...where].sort().join(', ')}`);
}
