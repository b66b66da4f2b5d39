// CPU time and memory of every process of the local stack, read from /proc. Each stack process
// leads its own process group (tools/stack starts them detached), so a group's figures include
// anything it spawned (Kafka's JVM threads, a shell wrapper); a child that left the group for a
// session of its own (each PostgreSQL backend does) is counted with its parent's.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** The stack's processes by name, from the file the stack writes when it starts. */
export function stackProcesses(childrenFile) {
  const children = JSON.parse(readFileSync(childrenFile, 'utf8'));
  if (!children.length) throw new Error(`${childrenFile} lists no process: is the stack running?`);
  return new Map(children.map(({ name, pid }) => [name, pid]));
}

/** name -> { cpuMs, rssMb } summed over each process group and its descendants, now. */
export function sample(groups) {
  const totals = new Map([...groups.keys()].map((name) => [name, { cpuMs: 0, rssMb: 0 }]));
  const nameOfGroup = new Map([...groups].map(([name, pid]) => [pid, name]));
  const processes = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrNull(`/proc/${entry}/stat`);
    if (!stat) continue;
    // The command name (field 2) may hold spaces and parentheses: fields are counted after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    processes.set(Number(entry), { ppid: Number(fields[1]), group: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]) });
  }
  const nameOf = (pid, depth = 0) => {
    const p = processes.get(pid);
    if (!p || depth > 8) return undefined;
    return nameOfGroup.get(p.group) ?? nameOf(p.ppid, depth + 1);
  };
  for (const [pid, { cpuTicks }] of processes) {
    const name = nameOf(pid);
    if (!name) continue;
    const total = totals.get(name);
    total.cpuMs += (cpuTicks * 1000) / TICKS_PER_SECOND;
    total.rssMb += rssMb(pid);
  }
  return totals;
}

/** CPU milliseconds each process spent between two samples. */
export function cpuBetween(before, after) {
  return new Map([...after].map(([name, { cpuMs }]) => [name, cpuMs - (before.get(name)?.cpuMs ?? 0)]));
}

function rssMb(pid) {
  const line = readOrNull(`/proc/${pid}/status`)
    ?.split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
}

function readOrNull(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
