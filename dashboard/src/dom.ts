/** A tiny element builder: text is always set as text, never parsed as HTML. */
type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no #${id}`);
  return el as T;
}

export function replaceChildren(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** Human label for a slug: `human-interest` → `Human interest`, `pro_kremlin` → `Pro-Kremlin`. */
export function label(slug: string): string {
  const special: Record<string, string> = {
    pro_kremlin: 'Pro-Kremlin',
    pro_western: 'Pro-Western',
    not_applicable: 'Not applicable',
    west: 'The West',
  };
  const known = special[slug];
  if (known) return known;
  const words = slug.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const formatNumber = (n: number): string => n.toLocaleString('en-GB');

export const formatPercent = (share: number): string => `${Math.round(share * 100)}%`;
