import { EXHAUSTED, FLOW, roleOf, START, type Branch, type StepName } from './steps.js';

/**
 * The README's mermaid flowchart, written from FLOW: `npm run diagram` puts it in the README and
 * a test fails when the README's copy differs. Each branch gets its own boxes (as a flowchart
 * reads best); the box names are the step names.
 */
export function mermaidFlowchart(): string {
  const lines = ['flowchart TD'];
  const used = new Map<string, number>();
  const lastOf = new Map<Branch['from'], string>([
    [START, `${START}([${START}])`],
    [EXHAUSTED, `exhausted[["${EXHAUSTED}: a step before the pivot failed on every attempt, undo what was reached"]]`],
  ]);
  const classes: Record<string, string[]> = { compensation: [], outcome: [] };
  const box = (step: StepName) => {
    const n = (used.get(step) ?? 0) + 1;
    used.set(step, n);
    const id = n === 1 ? step : `${step}${n}`;
    const role = roleOf(step);
    classes[role]?.push(id);
    return role === 'wait' ? `${id}[/${step}/]` : `${id}[${step}]`;
  };
  const ref = (node: string) => node.replace(/[[(].*$/s, '');
  const declared = new Set<string>();
  const mention = (node: string) => (declared.has(ref(node)) ? ref(node) : (declared.add(ref(node)), node));

  for (const { from, when, path, end } of FLOW) {
    let previous = lastOf.get(from)!;
    path.forEach((step, i) => {
      const next = box(step);
      lines.push(`    ${mention(previous)} ${i === 0 && when ? `-- ${when} -->` : '-->'} ${mention(next)}`);
      previous = next;
    });
    if (end) lines.push(`    ${mention(previous)} --> ${mention(`${end}([${end}])`)}`);
    else lastOf.set(path.at(-1)!, ref(previous));
  }
  lines.push('    classDef compensation fill:#fff3e0,stroke:#ef6c00', '    classDef outcome fill:#eef1f5');
  for (const [name, ids] of Object.entries(classes)) lines.push(`    class ${ids.join(',')} ${name}`);
  return lines.join('\n');
}
