// `npm run search:reindex`: rebuilds the search indexes (materials, questions, harvested external items) from the
// database while search stays up (a fresh index is filled, then swapped with the live one).
import { reindexExternalItems } from "~/domain/search/external-item-index.server";
import { reindexMaterials } from "~/domain/search/material-index.server";
import { reindexQuestions } from "~/domain/search/question-index.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";

await connectDatabase();
for (const [label, rebuild] of [
  ["Học liệu", reindexMaterials],
  ["Câu hỏi", reindexQuestions],
  ["Học liệu từ kho khác", reindexExternalItems],
] as const) {
  const started = Date.now();
  let lastPrinted = 0;
  const result = await rebuild((done, total) => {
    if (done === total || Date.now() - lastPrinted > 1000) {
      lastPrinted = Date.now();
      console.log(`${label}: ${done}/${total} (${total === 0 ? 100 : Math.round((done / total) * 100)}%)`);
    }
  });
  console.log(
    `${label}: chỉ mục đã dựng lại — ${result.indexed} mục, ${result.resynced} mục thay đổi trong lúc dựng được ghi lại, ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}
await disconnectDatabase();
