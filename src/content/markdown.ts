// Markdown as editors write it, turned into the HTML the public see. Two locks, so that one
// mistake is not enough for a page to run script: markdown-it never passes raw HTML through
// (html: false) and accepts only safe link schemes, then sanitize-html keeps only an
// allow-list of tags, attributes, classes and schemes from what markdown-it made.
//
// Output uses govuk-frontend's classes: headings, body text, lists, links, inset text for
// quotes, tables and section breaks. The page's own title is the only <h1>, so a "#" in the
// body becomes an <h2>. Pictures become links to them: a picture from anywhere else would be a
// third-party request, and the content security policy would block it anyway.
import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import sanitizeHtml from "sanitize-html";

const SAFE_LINK = /^(?:https?:|mailto:|tel:)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A link target the public can follow safely: web, email, phone, or within this site. */
export function isSafeHref(href: string): boolean {
  // Browsers ignore tabs, newlines and leading controls in a scheme ("java\nscript:").
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping controls is the point
  const squashed = href.replace(/[\u0000-\u0020\u007f]+/g, "");
  if (squashed.startsWith("//")) return false; // protocol-relative: another site, unannounced
  if (!HAS_SCHEME.test(squashed)) return true;
  return SAFE_LINK.test(squashed);
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
md.validateLink = (url) => isSafeHref(url);
// A picture is shown as a link to it, named by its description.
md.renderer.rules.image = (tokens, index) => {
  const token = tokens[index];
  const href = md.utils.escapeHtml(String(token.attrGet("src") ?? ""));
  const text = md.utils.escapeHtml(token.content || "picture");
  return `<a href="${href}" class="govuk-link">${text}</a>`;
};

const BLOCK_CLASSES: Record<string, string> = {
  paragraph_open: "govuk-body",
  bullet_list_open: "govuk-list govuk-list--bullet",
  ordered_list_open: "govuk-list govuk-list--number",
  blockquote_open: "govuk-inset-text",
  table_open: "govuk-table",
  thead_open: "govuk-table__head",
  tbody_open: "govuk-table__body",
  tr_open: "govuk-table__row",
  th_open: "govuk-table__header",
  td_open: "govuk-table__cell",
  hr: "govuk-section-break govuk-section-break--l govuk-section-break--visible",
  code_block: "bl-code",
  fence: "bl-code",
};

const HEADING_CLASSES: Record<string, string> = {
  h2: "govuk-heading-m",
  h3: "govuk-heading-s",
  h4: "govuk-heading-s",
  h5: "govuk-heading-s",
  h6: "govuk-heading-s",
};

md.core.ruler.push("govuk_classes", (state) => {
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === "heading_open" || token.type === "heading_close") {
        // One <h1> per page: the title. "#" → h2, "##" → h2, "###" → h3 …
        const level = Math.max(2, Number(token.tag.slice(1)));
        token.tag = `h${level}`;
        if (token.type === "heading_open") token.attrSet("class", HEADING_CLASSES[token.tag]);
      } else if (token.type === "link_open") {
        token.attrSet("class", "govuk-link");
        const href = String(token.attrGet("href") ?? "");
        if (/^https?:/i.test(href)) token.attrSet("rel", "noreferrer noopener");
      } else if (BLOCK_CLASSES[token.type]) {
        // Inline styles would break the content security policy: right-aligned columns use
        // govuk-frontend's numeric class instead.
        const numeric = /text-align:right/.test(String(token.attrGet("style") ?? ""));
        if (token.attrs) token.attrs = token.attrs.filter(([name]) => name !== "style");
        const base = BLOCK_CLASSES[token.type];
        token.attrSet("class", numeric ? `${base} ${base}--numeric` : base);
      }
      if (token.children) walk(token.children);
    }
  };
  walk(state.tokens);
  return true;
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "s",
    "blockquote",
    "code",
    "pre",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    a: ["href", "class", "rel"],
    ol: ["start", "class"],
    "*": ["class"],
  },
  allowedClasses: { "*": ["govuk-*", "bl-code"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
};

/** The public HTML of a page body. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(md.render(markdown), SANITIZE);
}

/** The words of a page body without its markup: for search, summaries and word counts. */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === "text" || token.type === "code_inline") out.push(token.content);
      else if (token.type === "softbreak" || token.type === "hardbreak") out.push(" ");
      else if (token.type === "code_block" || token.type === "fence") out.push(token.content);
      else if (token.type === "inline" && token.children) walk(token.children);
      else if (token.block && token.nesting === -1) out.push("\n");
    }
  };
  walk(md.parse(markdown, {}));
  return out
    .join("")
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
}
