// Form text (exit advice, what happens next) is plain text: paragraphs split by blank
// lines, and lines starting "- " make a bulleted list. It becomes blocks the template
// renders with autoescaping on, so form text can never inject markup.
export type TextBlock = { kind: "paragraph"; text: string } | { kind: "list"; items: string[] };

export function textBlocks(text: string | undefined): TextBlock[] {
  if (!text) return [];
  const blocks: TextBlock[] = [];
  for (const chunk of text.trim().split(/\n\s*\n/)) {
    const lines = chunk
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    let paragraph: string[] = [];
    let list: string[] = [];
    const flush = () => {
      if (paragraph.length) blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
      if (list.length) blocks.push({ kind: "list", items: list });
      paragraph = [];
      list = [];
    };
    for (const line of lines) {
      if (line.startsWith("- ")) {
        if (paragraph.length) {
          blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
          paragraph = [];
        }
        list.push(line.slice(2));
      } else {
        if (list.length) {
          blocks.push({ kind: "list", items: list });
          list = [];
        }
        paragraph.push(line);
      }
    }
    flush();
  }
  return blocks;
}
