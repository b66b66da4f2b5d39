import { describe, expect, it } from '@jest/globals';
import { BaseConfigSchema, ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    expect(loadConfig(BaseConfigSchema, { PORT: '8080' })).toMatchObject({ PORT: 8080, DAPR_HTTP_PORT: 3500 });
  });

  it('fails fast, naming every bad variable', () => {
    const load = () => loadConfig(BaseConfigSchema, { PORT: 'eighty', DAPR_HTTP_PORT: '0' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT:[\s\S]*DAPR_HTTP_PORT:/);
  });
});
