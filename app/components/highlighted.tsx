const START = "\u0001";
const END = "\u0002";

/** Marks the words a search matched, given between \u0001 and \u0002 (plain text: nothing is read as HTML). */
export function Highlighted({ text }: { text: string }) {
  const [before = "", ...marked] = text.split(START);
  return (
    <>
      {before.replaceAll(END, "")}
      {marked.map((segment, index) => {
        const [match = "", after = ""] = segment.split(END);
        return (
          <span key={index}>
            <mark className="rounded bg-yellow-100 px-0.5 text-ink">{match}</mark>
            {after}
          </span>
        );
      })}
    </>
  );
}
