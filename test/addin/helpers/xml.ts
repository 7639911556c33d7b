/**
 * A small element tree over fast-xml-parser, for tests that ask questions about XML documents:
 * child order, attributes, descendants. Comments and the XML declaration are dropped.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text, trimmed (text inside child elements excluded). */
  readonly text: string;
}

type OrderedNode = Record<string, unknown> & { ":@"?: Record<string, string> };

/** Parses a document; throws with the parser's message (line, column) if it is not well-formed. */
export function parseXml(xml: string): XmlElement {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { code, msg, line, col } = validation.err;
    throw new Error(`XML is not well-formed: ${code} ${msg} (line ${line}, column ${col})`);
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: true,
  });
  const roots = toElements(parser.parse(xml) as OrderedNode[]);
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return roots[0] as XmlElement;
}

function toElements(nodes: readonly OrderedNode[]): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ":@");
    if (name === undefined || name === "#text" || name.startsWith("?")) continue;
    const content = node[name] as OrderedNode[];
    const text = content
      .filter((child) => "#text" in child)
      .map((child) => String(child["#text"]))
      .join("")
      .trim();
    elements.push({
      name,
      attributes: node[":@"] ?? {},
      children: toElements(content),
      text,
    });
  }
  return elements;
}

/** The children of `element` called `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The only child of `element` called `name`; throws when there is none or more than one. */
export function onlyChild(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name);
  if (found.length !== 1) {
    throw new Error(`<${element.name}> has ${found.length} <${name}> children, expected 1`);
  }
  return found[0] as XmlElement;
}

/** Follows a path of single children, e.g. `at(root, "VersionOverrides", "Hosts")`. */
export function at(element: XmlElement, ...path: string[]): XmlElement {
  return path.reduce(onlyChild, element);
}

/** Every element below `element` (depth first, document order), optionally only those named `name`. */
export function descendants(element: XmlElement, name?: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (parent: XmlElement): void => {
    for (const child of parent.children) {
      if (name === undefined || child.name === name) found.push(child);
      visit(child);
    }
  };
  visit(element);
  return found;
}

/** Every attribute value and text in the tree (comments excluded), e.g. to collect URLs. */
export function allValues(element: XmlElement): string[] {
  return [
    ...Object.values(element.attributes),
    ...(element.text === "" ? [] : [element.text]),
    ...element.children.flatMap(allValues),
  ];
}
