// Every relative link in the project's Markdown points at a file that exists: a renamed source
// file must take its mentions in the docs with it. Part of `npm run lint`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const LINK = /\]\(([^)\s]+)\)/g;

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && !file.includes('node_modules/'));

const broken = [];
for (const file of tracked) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    for (const [, target] of line.matchAll(LINK)) {
      if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
      const path = decodeURI(target.split('#')[0]);
      if (!existsSync(join(dirname(file), path))) broken.push(`${file}:${index + 1}: ${target}`);
    }
  });
}

if (broken.length > 0) {
  console.error(`Links to files that do not exist:\n  ${broken.join('\n  ')}`);
  process.exit(1);
}
console.log(`doc links: ${tracked.length} Markdown files, every relative link resolves`);
