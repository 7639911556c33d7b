/**
 * The base of the fake's proxy objects: reads need `load()` and `sync()`, writes are queued.
 */
import { FakeExcelError, PropertyNotLoadedError } from "./errors";
import type { FakeExcel } from "./fakeExcel";
import { operationBytes, serializedBytes } from "./requests";

/** Loads are snapshots taken at their place in the queue; unloaded reads throw. */
export abstract class FakeObject {
  private readonly loaded = new Map<string, unknown>();

  constructor(protected readonly host: FakeExcel) {}

  load(properties?: string | string[] | Record<string, unknown>): this {
    const list = (
      Array.isArray(properties)
        ? properties
        : typeof properties === "object" && properties !== null
          ? Object.keys(properties).filter((k) => properties[k])
          : (properties ?? "").split(",")
    )
      .map((p) => p.trim())
      .filter((p) => p !== "");
    this.host.enqueue(() => this.absorb(list), operationBytes(list.join(",")));
    return this;
  }

  /** Takes the snapshot of a load; called inside a queued action. */
  absorb(properties: readonly string[]): void {
    const isNull = this.isNull();
    this.loaded.set("isNullObject", isNull);
    if (isNull) return;
    const items = properties.filter((p) => p.startsWith("items/")).map((p) => p.slice(6));
    if (items.length > 0 || properties.includes("items"))
      this.loaded.set("items", this.loadItems(items));
    for (const p of properties) {
      if (p.startsWith("items")) continue;
      const value = this.snapshot(p);
      this.host.respond(serializedBytes(value));
      this.loaded.set(p, value);
    }
  }

  /**
   * Queues the lookup of an `…OrNullObject` proxy at its place in the queue: after the sync,
   * `isNullObject` is readable without a load, as Office JS documents.
   */
  lookUp(bytes: number): this {
    this.host.enqueue(() => this.loaded.set("isNullObject", this.isNull()), bytes);
    return this;
  }

  get isNullObject(): boolean {
    return this.read("isNullObject");
  }

  protected read<T>(property: string): T {
    if (!this.loaded.has(property)) throw new PropertyNotLoadedError(this.kind, property);
    return this.loaded.get(property) as T;
  }

  protected abstract readonly kind: string;

  protected isNull(): boolean {
    return false;
  }

  protected snapshot(property: string): unknown {
    throw new FakeExcelError("InvalidArgument", `${this.kind} has no property ${property}`);
  }

  protected loadItems(_properties: readonly string[]): unknown[] {
    throw new FakeExcelError("InvalidArgument", `${this.kind} is not a collection`);
  }
}

/** A value computed at sync, readable only after it (as Office JS's ClientResult). */
export function clientResult<T>(host: FakeExcel, compute: () => T): { readonly value: T } {
  let value: { v: T } | undefined;
  host.enqueue(() => {
    value = { v: compute() };
    host.respond(serializedBytes(value.v));
  }, operationBytes());
  return {
    get value(): T {
      if (value === undefined) throw new PropertyNotLoadedError("ClientResult", "value");
      return value.v;
    },
  };
}

const DEFAULT_CHILDREN = ["font", "fill", "protection", "borders", "custom", "rule", "format"];

export interface SettingsTreeOptions {
  /** The names that lead to a subtree. */
  readonly children?: readonly string[];
  /** Methods callable at the root. */
  readonly methods?: Record<string, unknown>;
  /** Methods callable on a subtree, by its dotted path: `{ fill: { setSolidColor } }`. */
  readonly methodsAt?: Readonly<Record<string, Record<string, unknown>>>;
  /**
   * Makes the tree loadable: `load("formula")` on a node calls this with the full dotted paths,
   * and the owner queues their snapshot into `loaded`, from which reads are answered.
   */
  readonly onLoad?: (paths: readonly string[]) => void;
  readonly loaded?: ReadonlyMap<string, unknown>;
}

/**
 * A tree of settings (format.font.bold = true, custom.rule.formula = "=…"): every write is passed
 * on with its dotted path; a read throws unless the value was loaded (when the tree is loadable),
 * as an unloaded read does.
 */
export function settingsTree(
  kind: string,
  onSet: (path: string, value: unknown) => void,
  options: SettingsTreeOptions = {},
  path = "",
): object {
  const join = (name: string) => (path === "" ? name : `${path}.${name}`);
  const children = new Set(options.children ?? DEFAULT_CHILDREN);
  const tree: object = new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property === "symbol") return undefined;
        if (path === "" && options.methods && property in options.methods)
          return options.methods[property];
        const methods = options.methodsAt?.[path];
        if (methods && property in methods) return methods[property];
        if (property === "getItem")
          return (name: string) => settingsTree(kind, onSet, options, join(name));
        if (property === "load" && options.onLoad) {
          const onLoad = options.onLoad;
          return (properties: string | string[]) => {
            const list = Array.isArray(properties) ? properties : properties.split(",");
            onLoad(list.map((p) => join(p.trim())).filter((p) => !p.endsWith(".")));
            return tree;
          };
        }
        if (children.has(property)) return settingsTree(kind, onSet, options, join(property));
        if (options.loaded?.has(join(property))) return options.loaded.get(join(property));
        throw new PropertyNotLoadedError(kind, join(property));
      },
      set(_target, property, value: unknown) {
        onSet(join(String(property)), value);
        return true;
      },
    },
  );
  return tree;
}
