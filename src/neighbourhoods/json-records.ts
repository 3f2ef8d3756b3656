// Reads the objects of a JSON document one at a time, without holding the document: every
// object that is an element of an array is yielded as soon as it closes. That covers both
// police.uk API shapes we import: a plain array of crimes, and an object of arrays keyed by
// area ({ "E05000026": [crime, ...], ... }), as saved by tools that query area by area.

/** Thrown for input that is not well-formed JSON; says roughly where. */
export class JsonShapeError extends Error {}

export async function* jsonArrayElements(
  chunks: AsyncIterable<string>,
): AsyncGenerator<unknown, void, undefined> {
  // Containers open around the current position: "[" or "{".
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  // The text of the object being captured, built across chunks.
  let capture = "";
  let captureDepth = -1;
  let offset = 0;

  for await (const chunk of chunks) {
    let start = captureDepth >= 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92 /* \ */) escaped = true;
        else if (c === 34 /* " */) inString = false;
        continue;
      }
      if (c === 34) {
        inString = true;
      } else if (c === 123 /* { */) {
        if (captureDepth < 0 && stack[stack.length - 1] === "[") {
          captureDepth = stack.length;
          start = i;
          capture = "";
        }
        stack.push("{");
      } else if (c === 91 /* [ */) {
        stack.push("[");
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        const open = stack.pop();
        if (open !== (c === 125 ? "{" : "[")) {
          throw new JsonShapeError(`unbalanced brackets near character ${offset + i}`);
        }
        if (c === 125 && stack.length === captureDepth) {
          const text = capture + chunk.slice(start, i + 1);
          capture = "";
          captureDepth = -1;
          start = -1;
          try {
            yield JSON.parse(text);
          } catch {
            throw new JsonShapeError(`a record near character ${offset + i} is not valid JSON`);
          }
        }
      }
    }
    if (captureDepth >= 0 && start >= 0) capture += chunk.slice(start);
    offset += chunk.length;
  }
  if (stack.length > 0 || inString) throw new JsonShapeError("the JSON ends before it is complete");
}
