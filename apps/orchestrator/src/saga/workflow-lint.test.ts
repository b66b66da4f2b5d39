import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import { describe, expect, it, jest } from '@jest/globals';

// The workflow rules in eslint.config.js, held against the real workflow: it passes as it is,
// and each kind of non-determinism slipped into it is an error that says what it is.

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const WORKFLOW = 'apps/orchestrator/src/saga/ticket-saga.workflow.ts';
// Type-aware linting loads the TypeScript project on the first call: seconds, not milliseconds.
jest.setTimeout(60_000);

const eslint = new ESLint({ cwd: ROOT });
const source = readFileSync(join(ROOT, WORKFLOW), 'utf8');

async function lint(text: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, WORKFLOW) });
  return (result?.messages ?? []).filter((message) => message.severity === 2);
}

const show = (messages: Linter.LintMessage[]) => messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? '(fatal)'}: ${m.message}`);

/** The source with a statement added as the first line of the workflow function (the file's first generator function). */
function insideWorkflow(statement: string): string {
  const file = ts.createSourceFile(WORKFLOW, source, ts.ScriptTarget.Latest, true);
  const workflow = file.statements.find((node): node is ts.FunctionDeclaration => ts.isFunctionDeclaration(node) && !!node.asteriskToken && !!node.body);
  if (!workflow?.body) throw new Error(`no generator function in ${WORKFLOW}`);
  const at = workflow.body.getStart(file) + 1;
  return `${source.slice(0, at)}\n  ${statement}${source.slice(at)}`;
}

describe('workflow lint rules', () => {
  it('pass the workflow as it is', async () => {
    expect(show(await lint(source))).toEqual([]);
  });

  it('reject reading the clock with Date', async () => {
    const errors = await lint(insideWorkflow('const now = Date.now();'));
    expect(show(errors)).toContainEqual(expect.stringMatching(/no-restricted-properties: 'Date\.now'.*ctx\.getCurrentUtcDateTime\(\)/));
  });

  it('reject Math.random', async () => {
    const errors = await lint(insideWorkflow('const roll = Math.random();'));
    expect(show(errors)).toContainEqual(expect.stringMatching(/no-restricted-properties: 'Math\.random'/));
  });

  it('reject importing a Node built-in', async () => {
    const errors = await lint(`import { readFile } from 'node:fs';\n${source}`);
    expect(show(errors)).toContainEqual(expect.stringMatching(/^1:1 @typescript-eslint\/no-restricted-imports: 'node:fs'/));
  });

  it('reject a floating promise', async () => {
    const errors = await lint(insideWorkflow('Promise.resolve(1);'));
    expect(errors.map((m) => m.ruleId)).toContain('@typescript-eslint/no-floating-promises');
  });

  it('allow type imports from @dapr/dapr and @ticket-saga/contracts', async () => {
    const imports = "import type { DaprClient } from '@dapr/dapr';\nimport type { OrderStatus } from '@ticket-saga/contracts';\n";
    const uses = 'export type Unused = [DaprClient, OrderStatus];\n';
    expect(show(await lint(`${imports}${source}${uses}`))).toEqual([]);
  });
});
