// `npm run search:reindex`: rebuilds the search indexes from the database while search stays up
// (a fresh index is filled, then swapped with the live one).
import { reindexMaterials } from "~/domain/search/material-index.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";

await connectDatabase();
const started = Date.now();
let lastPrinted = 0;
const result = await reindexMaterials((done, total) => {
  if (done === total || Date.now() - lastPrinted > 1000) {
    lastPrinted = Date.now();
    console.log(`Học liệu: ${done}/${total} (${total === 0 ? 100 : Math.round((done / total) * 100)}%)`);
  }
});
console.log(
  `Đã dựng lại chỉ mục học liệu: ${result.indexed} mục, ${result.resynced} mục thay đổi trong lúc dựng được ghi lại, ${((Date.now() - started) / 1000).toFixed(1)} s.`,
);
await disconnectDatabase();
