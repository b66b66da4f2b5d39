import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { mermaidFlowchart } from './flowchart.js';
import { STEP_NAMES } from './steps.js';

const README = new URL('../../../../README.md', import.meta.url);

describe('the README diagram', () => {
  it('is the flowchart of steps.ts (run `npm run diagram` after changing a step)', () => {
    const readme = readFileSync(README, 'utf8');
    const block = /<!-- saga-diagram:start -->\n```mermaid\n([\s\S]*?)\n```\n<!-- saga-diagram:end -->/.exec(readme);
    expect(block).not.toBeNull(); // README.md has a saga-diagram block
    expect(block![1]).toBe(mermaidFlowchart());
  });

  it('draws every step as a box named after it', () => {
    const chart = mermaidFlowchart();
    for (const step of STEP_NAMES) expect(chart).toMatch(new RegExp(`[\\[/]${step}[\\]/]`));
  });
});
