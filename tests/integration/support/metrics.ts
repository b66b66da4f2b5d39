import { replicaUrls } from '../../../tools/stack/src/topology.js';

type AppId = Parameters<typeof replicaUrls>[0];

/**
 * Scrapes an app's /metrics on every replica and returns a reader that sums a metric over the
 * matching series and the replicas, as `sum()` over the pods would in Prometheus.
 */
export async function scrape(app: AppId): Promise<(name: string, labels?: Record<string, string>) => number> {
  const texts = await Promise.all(replicaUrls(app).map(async (url) => (await fetch(`${url}/metrics`)).text()));
  const lines = texts.flatMap((text) => text.split('\n')).filter((line) => line && !line.startsWith('#'));
  return (name, labels = {}) => {
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    return lines
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .filter((line) => wanted.every((pair) => line.includes(pair)))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  };
}
