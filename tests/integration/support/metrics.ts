/** Reads one Prometheus sample from an app's /metrics, 0 when the series does not exist yet. */
export async function scrape(baseUrl: string): Promise<(name: string, labels?: Record<string, string>) => number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const lines = text.split('\n').filter((line) => line && !line.startsWith('#'));
  return (name, labels = {}) => {
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    return lines
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .filter((line) => wanted.every((pair) => line.includes(pair)))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  };
}
