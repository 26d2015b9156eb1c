/**
 * Strongly connected components of a directed graph (Tarjan's algorithm, iterative so deep graphs cannot
 * overflow the stack). Returns only components that contain a cycle: two or more nodes, or one node with a self-edge.
 *
 * @example
 * findCycles(3, (n) => [[1], [0], []][n]!); // [[0, 1]] (in some order)
 */
export function findCycles(nodeCount: number, successors: (node: number) => readonly number[]): number[][] {
  const index = new Array<number>(nodeCount).fill(-1);
  const lowLink = new Array<number>(nodeCount).fill(0);
  const onStack = new Array<boolean>(nodeCount).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  for (let root = 0; root < nodeCount; root++) {
    if (index[root] !== -1) continue;
    const work: Array<{ node: number; next: number }> = [{ node: root, next: 0 }];
    index[root] = lowLink[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const next = successors(frame.node);
      if (frame.next < next.length) {
        const target = next[frame.next++]!;
        if (index[target] === -1) {
          index[target] = lowLink[target] = counter++;
          stack.push(target);
          onStack[target] = true;
          work.push({ node: target, next: 0 });
        } else if (onStack[target]) {
          lowLink[frame.node] = Math.min(lowLink[frame.node]!, index[target]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink[parent.node] = Math.min(lowLink[parent.node]!, lowLink[frame.node]!);
      if (lowLink[frame.node] === index[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = false;
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && successors(frame.node).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component.reverse());
      }
    }
  }
  return components;
}
