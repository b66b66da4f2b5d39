// Writes the saga's flowchart, derived from apps/orchestrator/src/saga/steps.ts, into the README.
import { readFileSync, writeFileSync } from 'node:fs';
import { mermaidFlowchart } from '../apps/orchestrator/dist/saga/flowchart.js';

const readme = new URL('../README.md', import.meta.url);
const block = /(<!-- saga-diagram:start -->\n```mermaid\n)[\s\S]*?(\n```\n<!-- saga-diagram:end -->)/;
const text = readFileSync(readme, 'utf8');
if (!block.test(text)) throw new Error('README.md has no <!-- saga-diagram:start --> block');
writeFileSync(
  readme,
  text.replace(block, (_, start, end) => `${start}${mermaidFlowchart()}${end}`),
);
console.log('README.md: saga diagram updated');
