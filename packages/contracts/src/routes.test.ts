import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { routeTableMarkdown, ROUTES } from './routes.js';

const COMPONENTS = join(import.meta.dirname, '..', '..', '..', 'components');

interface Policy {
  appId: string;
  defaultAction: string;
  operations: Array<{ name: string; httpVerb: string[]; action: string }>;
}

/** What each caller may invoke, as `VERB /path`, a path parameter (an order id) as Dapr's pattern for a UUID. */
function expectedCalls(): Record<string, string[]> {
  const calls: Record<string, string[]> = {};
  for (const route of ROUTES) {
    for (const caller of route.callers ?? []) {
      if (caller === 'sidecar') continue;
      (calls[caller] ??= []).push(`${route.method} ${route.path.replace(/:\w+/g, '*-*-*-*-*')}`);
    }
  }
  return calls;
}

describe.each(['configuration-local.yaml', 'configuration.yaml'])("Dapr's access policy in %s", (file) => {
  const { accessControl } = (parse(readFileSync(join(COMPONENTS, file), 'utf8')) as { spec: { accessControl: { defaultAction: string; policies: Policy[] } } })
    .spec;

  it('denies every call it does not name', () => {
    expect(accessControl.defaultAction).toBe('deny');
    for (const policy of accessControl.policies) expect(policy.defaultAction).toBe('deny');
  });

  it('allows exactly the calls of the route table, caller by caller', () => {
    const allowed = Object.fromEntries(
      accessControl.policies.map((policy) => [
        policy.appId,
        policy.operations.flatMap((op) => (op.action === 'allow' ? op.httpVerb.map((verb) => `${verb} ${op.name}`) : [])).sort(),
      ]),
    );
    const expected = Object.fromEntries(Object.entries(expectedCalls()).map(([caller, calls]) => [caller, calls.sort()]));
    expect(allowed).toEqual(expected);
  });
});

describe('the route table', () => {
  it('names a caller for every internal route and none for the others', () => {
    for (const route of ROUTES) {
      expect([route.app, route.method, route.path, route.surface === 'internal']).toEqual([route.app, route.method, route.path, route.callers !== undefined]);
    }
  });

  it('names each route of each surface once', () => {
    const keys = ROUTES.map((r) => `${r.app} ${r.surface === 'internal' ? 'internal' : 'public'} ${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the README', () => {
  it('shows the route table as it is (npm run diagram writes it)', () => {
    const readme = readFileSync(join(COMPONENTS, '..', 'README.md'), 'utf8');
    const block = /<!-- routes:start -->\n([\s\S]*?)\n<!-- routes:end -->/.exec(readme);
    expect(block?.[1]).toBe(routeTableMarkdown());
  });
});
