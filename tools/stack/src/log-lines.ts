const COLORS = [36, 33, 35, 32, 34, 91, 92, 93, 94, 95, 96];
const LEVEL_COLORS: Record<string, number> = { error: 31, fatal: 31, warn: 33, info: 32, debug: 90 };
const PINO_KEYS = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname']);

/** "name │ " in a stable colour per process, padded so that columns line up. */
export function prefixer(names: string[]): (name: string) => string {
  const width = Math.max(...names.map((n) => n.length));
  return (name) => {
    const color = COLORS[names.indexOf(name) % COLORS.length] ?? 37;
    return `\x1b[${color}m${name.padEnd(width)} │\x1b[0m `;
  };
}

/** Renders an app's JSON log line for humans; any other line is shown as it is. */
export function humanize(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (typeof entry.msg !== 'string' || typeof entry.level !== 'string') return line;
    const fields = Object.entries(entry)
      .filter(([key]) => !PINO_KEYS.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    const color = LEVEL_COLORS[entry.level] ?? 37;
    return `\x1b[${color}m${entry.level.padEnd(5)}\x1b[0m ${entry.msg}${fields ? ` \x1b[90m${fields}\x1b[0m` : ''}`;
  } catch {
    return line;
  }
}
