import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { COMPONENTS_DIR } from './paths.js';
import { onPostgres, storeEngine, storeEnv, STORES } from './stores.js';

interface Component {
  metadata: { name: string };
  spec: { type: string; version: string; metadata: { name: string; value?: string; envRef?: string }[] };
  scopes?: string[];
}

const components = readdirSync(COMPONENTS_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => ({ file, text: readFileSync(join(COMPONENTS_DIR, file), 'utf8') }));
const stateStores = components.filter(({ text }) => (parse(text) as Component).spec?.type === 'state.sqlite');

describe('the stack stores', () => {
  it('gives a connection to every sqlite component of components/, through the envRef it reads', () => {
    const wanted = stateStores.map(({ text }) => {
      const component = parse(text) as Component;
      return { component: component.metadata.name, env: component.spec.metadata.find((m) => m.name === 'connectionString')?.envRef };
    });
    expect(STORES.map(({ component, env }) => ({ component, env }))).toEqual(expect.arrayContaining(wanted));
    expect(STORES).toHaveLength(wanted.length);
  });

  it('turns each into state.postgresql v2 with its name, scopes and envRef kept, and sqlite-only settings dropped', () => {
    for (const { text } of stateStores) {
      const before = parse(text) as Component;
      const after = parse(onPostgres(text)) as Component;
      expect(after.spec.type).toBe('state.postgresql');
      expect(after.spec.version).toBe('v2');
      expect(after.metadata).toEqual(before.metadata);
      expect(after.scopes).toEqual(before.scopes);
      expect(after.spec.metadata).toEqual(before.spec.metadata.filter((m) => m.name !== 'busyTimeout'));
    }
  });

  it('leaves every other resource as it is', () => {
    for (const { text } of components.filter((c) => !stateStores.includes(c))) expect(onPostgres(text)).toBe(text);
  });

  it('gives each store a database of its own on PostgreSQL, and its own file on sqlite', () => {
    const postgres = Object.values(storeEnv('postgres', 'pw'));
    expect(new Set(postgres.map((c) => /database=(\S+)/.exec(c)?.[1])).size).toBe(STORES.length);
    expect(new Set(Object.values(storeEnv('sqlite', 'pw'))).size).toBe(STORES.length);
  });

  it('refuses an engine it does not know, naming the setting', () => {
    expect(() => storeEngine('mysql')).toThrow(/STACK_STORE must be sqlite or postgres/);
  });
});
