import { EXHAUSTED, FLOW, isBounded, roleOf, START, undoneBy, type Branch, type FinalStatus, type StepName } from '../steps.js';

/**
 * Follows a saga's path (the steps it went through, retries collapsed, the wait included) along
 * the diagram, and returns the end it reaches. Throws when the path leaves the diagram: a
 * workflow that does something the diagram does not draw.
 */
export function walkFlow(path: readonly string[]): FinalStatus {
  const end = fromNode(path, 0, START, new Set());
  if (!end) throw new Error(`not a path of the diagram: ${path.join(' → ')}`);
  return end;
}

type Node = Branch['from'];

function fromNode(path: readonly string[], at: number, from: Node, reached: ReadonlySet<StepName>): FinalStatus | undefined {
  for (const branch of FLOW.filter((b) => b.from === from)) {
    const end = alongBranch(path, at, branch, reached);
    if (end) return end;
  }
  return undefined;
}

function alongBranch(path: readonly string[], at: number, branch: Branch, reached: ReadonlySet<StepName>): FinalStatus | undefined {
  const seen = new Set(reached);
  for (const step of branch.path) {
    if (path[at] !== step) return undefined;
    seen.add(step);
    at++;
    // A bounded step may have failed on every attempt: the saga leaves for the exhausted branch.
    const exhausted = isBounded(step) ? afterExhaustion(path, at, seen) : undefined;
    if (exhausted) return exhausted;
  }
  if (branch.end) return at === path.length ? branch.end : undefined;
  return fromNode(path, at, branch.path.at(-1)!, seen);
}

/** The exhausted branch undoes exactly the steps that were reached, then fails the order. */
function afterExhaustion(path: readonly string[], at: number, reached: ReadonlySet<StepName>): FinalStatus | undefined {
  const branch = FLOW.find((b) => b.from === EXHAUSTED)!;
  const undoes = (compensation: StepName) => [...reached].some((step) => undoneBy(step) === compensation);
  const expected = branch.path.filter((step) => roleOf(step) !== 'compensation' || undoes(step));
  const rest = path.slice(at);
  return rest.length === expected.length && rest.every((step, i) => step === expected[i]) ? branch.end : undefined;
}
