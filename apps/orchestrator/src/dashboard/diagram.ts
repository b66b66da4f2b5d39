import { EXHAUSTED, FLOW, roleOf, START, type FinalStatus, type StepName, type StepRole } from '../saga/steps.js';

type Node = StepName | typeof START | typeof EXHAUSTED | FinalStatus;

/**
 * Where the dashboard draws each node, as [column, row]. Only the layout is written here: the
 * boxes, the ends and the arrows are derived from steps.ts, and a new step without a place here
 * does not compile. Every arrow joins neighbours (the next row, or the next column in the same
 * row), so no arrow runs under a box; the test holds the layout to that.
 */
const LAYOUT: Record<Node, [number, number]> = {
  [START]: [1, 0],
  reserveTickets: [1, 1],
  rejectOrder: [0, 1],
  REJECTED: [0, 2],
  requestPayment: [1, 2],
  awaitPayment: [1, 3],
  [EXHAUSTED]: [2, 3],
  confirmReservation: [1, 4],
  voidPayment: [2, 4],
  releaseReservation: [3, 4],
  issueTickets: [1, 5],
  failOrder: [2, 5],
  declineOrder: [3, 5],
  notifyCustomer: [4, 5],
  completeOrder: [1, 6],
  FAILED: [2, 6],
  PAYMENT_DECLINED: [3, 6],
  timeOutOrder: [4, 6],
  COMPLETED: [1, 7],
  PAYMENT_TIMEOUT: [4, 7],
};

export interface DiagramNode {
  id: Node;
  kind: 'step' | 'start' | 'end';
  role?: StepRole;
  col: number;
  row: number;
}

export interface DiagramEdge {
  from: Node;
  to: Node;
  label?: string;
}

export interface Diagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

/** The saga as the dashboard draws it: one box per step, shared by every branch that runs it. */
export function sagaDiagram(): Diagram {
  const edges = new Map<string, DiagramEdge>();
  const add = (from: Node, to: Node, label?: string) => edges.set(`${from}>${to}`, { from, to, ...(label && { label }) });
  for (const { from, when, path, end } of FLOW) {
    const chain: Node[] = [from, ...path, ...(end ? [end] : [])];
    chain.slice(1).forEach((to, i) => add(chain[i]!, to, i === 0 ? when : undefined));
  }
  const node = (id: Node): DiagramNode => {
    const [col, row] = LAYOUT[id];
    if (id === START || id === EXHAUSTED) return { id, kind: 'start', col, row };
    return id in LAYOUT && /^[A-Z_]+$/.test(id) ? { id, kind: 'end', col, row } : { id, kind: 'step', role: roleOf(id as StepName), col, row };
  };
  return { nodes: (Object.keys(LAYOUT) as Node[]).map(node), edges: [...edges.values()] };
}
