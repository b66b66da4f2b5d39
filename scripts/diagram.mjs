// Writes the saga's flowchart, derived from apps/orchestrator/src/saga/steps.ts, and the route
// table, derived from packages/contracts/src/routes.ts, into the README.
import { readFileSync, writeFileSync } from 'node:fs';
import { routeTableMarkdown } from '../packages/contracts/dist/index.js';
import { mermaidFlowchart } from '../apps/orchestrator/dist/saga/flowchart.js';

const readme = new URL('../README.md', import.meta.url);
const block = /(<!-- saga-diagram:start -->\n```mermaid\n)[\s\S]*?(\n```\n<!-- saga-diagram:end -->)/;
const routes = /(<!-- routes:start -->\n)[\s\S]*?(\n<!-- routes:end -->)/;
const text = readFileSync(readme, 'utf8');
if (!block.test(text)) throw new Error('README.md has no <!-- saga-diagram:start --> block');
if (!routes.test(text)) throw new Error('README.md has no <!-- routes:start --> block');
writeFileSync(
  readme,
  text.replace(block, (_, start, end) => `${start}${mermaidFlowchart()}${end}`).replace(routes, (_, start, end) => `${start}${routeTableMarkdown()}${end}`),
);
console.log('README.md: saga diagram and route table updated');
