import { describe, expect, it } from '@jest/globals';
import { FLOW, STEP_NAMES } from '../saga/steps.js';
import { sagaDiagram } from './diagram.js';

describe('the dashboard diagram', () => {
  const { nodes, edges } = sagaDiagram();

  it('has one box per step, each in a place of its own', () => {
    expect(nodes.filter((n) => n.kind === 'step').map((n) => n.id)).toEqual(expect.arrayContaining(STEP_NAMES));
    const places = nodes.map((n) => `${n.col},${n.row}`);
    expect(new Set(places).size).toBe(places.length);
  });

  it('draws every arrow of every branch, the hold-expired one and the way into failOrder included', () => {
    for (const { from, when, path, end } of FLOW) {
      expect(edges).toContainEqual({ from, to: path[0], ...(when && { label: when }) });
      if (end) expect(edges).toContainEqual({ from: path.at(-1), to: end });
    }
    expect(edges).toContainEqual({ from: 'confirmReservation', to: 'voidPayment', label: 'hold expired' });
    expect(
      edges
        .filter((e) => e.to === 'failOrder')
        .map((e) => e.from)
        .sort(),
    ).toEqual(['releaseReservation', 'voidPayment']);
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
  });

  it('joins only neighbours, so no arrow runs under a box', () => {
    const place = new Map(nodes.map((n) => [n.id, n]));
    const far = edges.filter(({ from, to }) => {
      const a = place.get(from)!;
      const b = place.get(to)!;
      return a.row === b.row ? Math.abs(a.col - b.col) !== 1 : b.row - a.row !== 1;
    });
    expect(far.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });
});
