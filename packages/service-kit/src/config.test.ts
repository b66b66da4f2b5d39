import { describe, expect, it } from '@jest/globals';
import { BaseConfigSchema, ConfigError, loadConfig } from './config.js';

const TOKEN = 'a-generated-secret-of-some-length';

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    expect(loadConfig(BaseConfigSchema, { PORT: '8080', INTERNAL_PORT: '18080', APP_API_TOKEN: TOKEN })).toMatchObject({
      PORT: 8080,
      INTERNAL_PORT: 18080,
      DAPR_HTTP_PORT: 3500,
    });
  });

  it('fails fast, naming every bad variable', () => {
    const load = () => loadConfig(BaseConfigSchema, { PORT: 'eighty', INTERNAL_PORT: '18080', APP_API_TOKEN: TOKEN, DAPR_HTTP_PORT: '0' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT:[\s\S]*DAPR_HTTP_PORT:/);
  });

  it('refuses to start without the app token, or with one short enough to guess', () => {
    expect(() => loadConfig(BaseConfigSchema, { PORT: '8080', INTERNAL_PORT: '18080' })).toThrow(/APP_API_TOKEN/);
    expect(() => loadConfig(BaseConfigSchema, { PORT: '8080', INTERNAL_PORT: '18080', APP_API_TOKEN: 'secret' })).toThrow(/APP_API_TOKEN: must be at least 16/);
  });
});
