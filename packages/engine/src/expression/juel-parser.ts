import { EXPRESSION_LIMITS } from './limits.js';
import { JuelSyntaxError, tokenize, type JuelToken } from './juel-lexer.js';

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

/** Syntax tree of one `${…}` body. `h` is the height of the subtree, bounded so evaluation cannot overflow the stack. */
export type JuelNode = JuelShape & { h: number };
type JuelShape =
  | { type: 'literal'; value: string | number | boolean | null }
  | { type: 'ident'; name: string }
  | { type: 'member'; object: JuelNode; property: JuelNode }
  | { type: 'getVariable'; name: JuelNode }
  | { type: 'call'; name: string; args: JuelNode[] }
  | { type: 'unary'; op: '-' | '!' | 'empty'; operand: JuelNode }
  | { type: 'binary'; op: BinaryOp; left: JuelNode; right: JuelNode }
  | { type: 'ternary'; test: JuelNode; then: JuelNode; otherwise: JuelNode };

const BINDING: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};
const isBinaryOp = (op: string): op is BinaryOp => op in BINDING;

/** Parses the body of one `${…}` into a tree; throws {@link JuelSyntaxError}. */
export function parseJuel(body: string): JuelNode {
  const parser = new Parser(tokenize(body));
  const node = parser.expression(0);
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly JuelToken[]) {}

  private peek(): JuelToken {
    return this.tokens[this.index] ?? { type: 'end', at: 0 };
  }

  private next(): JuelToken {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  private isOp(value: string): boolean {
    const token = this.peek();
    return token.type === 'op' && token.value === value;
  }

  private expect(value: string): void {
    if (!this.isOp(value)) this.fail(`expected '${value}'`);
    this.index += 1;
  }

  expectEnd(): void {
    if (this.peek().type !== 'end') this.fail('unexpected input');
  }

  private fail(message: string): never {
    const token = this.peek();
    const found = token.type === 'end' ? 'end of expression' : `'${String(token.value)}'`;
    throw new JuelSyntaxError(`${message} at position ${token.at} (found ${found})`);
  }

  private node(shape: JuelShape, ...children: JuelNode[]): JuelNode {
    const h = 1 + Math.max(0, ...children.map((child) => child.h));
    if (h > EXPRESSION_LIMITS.maxDepth) this.fail(`expression nested deeper than ${EXPRESSION_LIMITS.maxDepth} levels`);
    return { ...shape, h };
  }

  /** Pratt loop: binary operators by binding power, then the ternary (lowest, right-associative). */
  expression(minPower: number): JuelNode {
    this.depth += 1;
    if (this.depth > EXPRESSION_LIMITS.maxDepth) this.fail(`expression nested deeper than ${EXPRESSION_LIMITS.maxDepth} levels`);
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'op') break;
      if (token.value === '?' && minPower === 0) {
        this.index += 1;
        const then = this.expression(0);
        this.expect(':');
        const otherwise = this.expression(0);
        left = this.node({ type: 'ternary', test: left, then, otherwise }, left, then, otherwise);
        continue;
      }
      const op = token.value;
      const power = BINDING[op];
      if (!isBinaryOp(op) || power === undefined || power <= minPower) break;
      this.index += 1;
      const right = this.expression(power);
      left = this.node({ type: 'binary', op, left, right }, left, right);
    }
    this.depth -= 1;
    return left;
  }

  private unary(): JuelNode {
    const token = this.peek();
    if (token.type === 'op' && (token.value === '-' || token.value === '!' || token.value === 'empty')) {
      this.index += 1;
      this.depth += 1;
      if (this.depth > EXPRESSION_LIMITS.maxDepth) this.fail(`expression nested deeper than ${EXPRESSION_LIMITS.maxDepth} levels`);
      const operand = this.unary();
      this.depth -= 1;
      return this.node({ type: 'unary', op: token.value, operand }, operand);
    }
    return this.postfix(this.primary());
  }

  private primary(): JuelNode {
    const token = this.next();
    switch (token.type) {
      case 'number':
      case 'string':
        return this.node({ type: 'literal', value: token.value });
      case 'ident':
        if (token.value === 'true' || token.value === 'false') return this.node({ type: 'literal', value: token.value === 'true' });
        if (token.value === 'null') return this.node({ type: 'literal', value: null });
        if (this.isOp('(')) return this.call(token.value);
        return this.node({ type: 'ident', name: token.value });
      case 'op':
        if (token.value === '(') {
          const inner = this.expression(0);
          this.expect(')');
          return inner;
        }
        break;
      case 'end':
        break;
    }
    this.index -= 1;
    return this.fail('expected a value');
  }

  private call(name: string): JuelNode {
    const args = this.arguments();
    return this.node({ type: 'call', name, args }, ...args);
  }

  private arguments(): JuelNode[] {
    this.expect('(');
    const args: JuelNode[] = [];
    while (!this.isOp(')')) {
      if (args.length > 0) this.expect(',');
      args.push(this.expression(0));
    }
    this.expect(')');
    return args;
  }

  /** `.name`, `[expr]` chains; the only method call allowed is `execution.getVariable(name)`. */
  private postfix(start: JuelNode): JuelNode {
    let object = start;
    for (;;) {
      if (this.isOp('.')) {
        this.index += 1;
        const name = this.next();
        if (name.type !== 'ident') {
          this.index -= 1;
          this.fail('expected a property name');
        }
        if (this.isOp('(')) object = this.method(object, name.value);
        else object = this.node({ type: 'member', object, property: this.node({ type: 'literal', value: name.value }) }, object);
      } else if (this.isOp('[')) {
        this.index += 1;
        const property = this.expression(0);
        this.expect(']');
        object = this.node({ type: 'member', object, property }, object, property);
      } else if (this.isOp('(')) {
        this.fail('calling a computed value is not supported');
      } else {
        return object;
      }
    }
  }

  private method(object: JuelNode, method: string): JuelNode {
    const at = this.peek().at;
    const args = this.arguments();
    const [name] = args;
    if (object.type === 'ident' && object.name === 'execution' && method === 'getVariable' && name && args.length === 1) {
      return this.node({ type: 'getVariable', name }, name);
    }
    throw new JuelSyntaxError(`method calls are not supported ('${method}(…)' at position ${at}); only execution.getVariable(name) is`);
  }
}
